package sae

import (
	"bytes"
	"testing"
)

func FuzzParseCommit(f *testing.F) {
	f.Add(unhex(f, j10PeerCommit))
	f.Add(appendExtension(unhex(f, j10PeerCommit), extPasswordIdentifier, []byte("id")))
	f.Add([]byte{19, 0})
	f.Add(append([]byte{20, 0}, make([]byte, 48+96)...))
	f.Add(append([]byte{21, 0}, make([]byte, 66+132)...))
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := ParseCommit(body)
		if err != nil {
			return
		}
		g, err := LookupGroup(int(c.Group))
		if err != nil {
			t.Fatalf("commit in group %d parsed: %v", c.Group, err)
		}
		if len(c.Scalar) != g.ScalarLen() || len(c.Element) != g.ElementLen() {
			t.Fatalf("commit with a %d-byte scalar and %d-byte element", len(c.Scalar), len(c.Element))
		}
		if !bytes.Equal(body[2:2+g.ScalarLen()+g.ElementLen()], append(c.Scalar, c.Element...)) {
			t.Fatal("scalar and element are not the body's")
		}
	})
}

func FuzzParseTokenRequest(f *testing.F) {
	f.Add([]byte{19, 0, 1, 2, 3}, 19, false)
	f.Add(appendExtension([]byte{20, 0}, extAntiCloggingToken, []byte{1, 2, 3}), 20, true)
	f.Fuzz(func(t *testing.T, body []byte, group int, h2e bool) {
		token, err := ParseTokenRequest(body, group, h2e)
		if err == nil && (len(token) == 0 || !bytes.Contains(body, token)) {
			t.Fatalf("token %x not taken from the body", token)
		}
	})
}

func FuzzParseConfirm(f *testing.F) {
	f.Add(confirmBody(1, make([]byte, 32)), 32)
	f.Add(confirmBody(1, make([]byte, 64)), 64)
	f.Add([]byte{1, 0}, 48)
	f.Fuzz(func(t *testing.T, body []byte, confirmLen int) {
		sc, confirm, err := ParseConfirm(body, confirmLen)
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
