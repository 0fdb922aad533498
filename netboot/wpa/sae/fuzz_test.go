package sae

import (
	"bytes"
	"testing"
)

func FuzzParseCommit(f *testing.F) {
	f.Add(unhex(f, j10PeerCommit))
	f.Add(appendExtension(unhex(f, j10PeerCommit), extPasswordIdentifier, []byte("id")))
	f.Add([]byte{19, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := ParseCommit(body)
		if err != nil {
			return
		}
		if len(c.Scalar) != ScalarLen || len(c.Element) != ElementLen {
			t.Fatalf("commit with a %d-byte scalar and %d-byte element", len(c.Scalar), len(c.Element))
		}
		if !bytes.Equal(body[2:2+ScalarLen+ElementLen], append(c.Scalar, c.Element...)) {
			t.Fatal("scalar and element are not the body's")
		}
	})
}

func FuzzParseTokenRequest(f *testing.F) {
	f.Add([]byte{19, 0, 1, 2, 3}, false)
	f.Add(appendExtension([]byte{19, 0}, extAntiCloggingToken, []byte{1, 2, 3}), true)
	f.Fuzz(func(t *testing.T, body []byte, h2e bool) {
		token, err := ParseTokenRequest(body, h2e)
		if err == nil && (len(token) == 0 || !bytes.Contains(body, token)) {
			t.Fatalf("token %x not taken from the body", token)
		}
	})
}

func FuzzParseConfirm(f *testing.F) {
	f.Add(confirmBody(1, make([]byte, ConfirmLen)))
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		sc, confirm, err := ParseConfirm(body)
		if err != nil {
			return
		}
		if !bytes.Equal(confirmBody(sc, confirm), body) {
			t.Fatalf("confirm %d %x does not encode back to %x", sc, confirm, body)
		}
	})
}

func FuzzParseAuthFrame(f *testing.F) {
	f.Add(append(make([]byte, mgmtHeaderLen), 3, 0, 1, 0, 0, 0, 19, 0))
	f.Fuzz(func(t *testing.T, frame []byte) {
		got, err := ParseAuthFrame(frame)
		if err != nil {
			return
		}
		if !bytes.Equal(got.Bytes(), frame[mgmtHeaderLen+2:]) {
			t.Fatalf("Frame %+v does not encode back to the frame's SAE part", got)
		}
	})
}
