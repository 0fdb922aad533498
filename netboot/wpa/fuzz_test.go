package wpa

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func FuzzParseEAPOL(f *testing.F) {
	for _, s := range []string{apMsg1, apMsg3, hostapdMsg2, hostapdGroup1} {
		f.Add(unhex(f, s))
	}
	f.Add([]byte{2, 3, 0, 0})
	f.Add([]byte{1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ComputeMIC([]byte("0123456789abcdef"), b)
		k, err := ParseEAPOL(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrUnsupported", err)
			}
			return
		}
		out, err := k.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary of a parsed frame: %v", err)
		}
		if !bytes.Equal(out[:2], b[:2]) || !bytes.Equal(out[4:], b[4:len(out)]) {
			t.Fatalf("MarshalBinary changed the frame:\n in %x\nout %x", b, out)
		}
		again, err := ParseEAPOL(out)
		if err != nil {
			t.Fatalf("ParseEAPOL(MarshalBinary(k)): %v", err)
		}
		if diff := cmp.Diff(k, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}

// FuzzParseKeyData covers the key data, KDE and RSN element parsers.
func FuzzParseKeyData(f *testing.F) {
	f.Add(unhex(f, hostapdRSNE+"dd16000fac0101009adad240faa56f322f1553804b451936dd00"))
	f.Add(unhex(f, "30320100000fac020200000fac04000fac020200000fac02000fac08c00001000102030405060708090a0b0c0d0e0f10000fac06"))
	f.Add(unhex(f, "dd1c000fac0904000102030405069adad240faa56f322f1553804b451936dd14000fac040102030405060708090a0b0c0d0e0f10"))
	f.Fuzz(func(t *testing.T, b []byte) {
		FindRSNE(b)
		checkRSNE(t, b)
		kd, err := ParseKeyData(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		for _, e := range kd.RSNEs {
			checkRSNE(t, e)
		}
		out, err := kd.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary of parsed key data: %v", err)
		}
		again, err := ParseKeyData(out)
		if err != nil {
			t.Fatalf("ParseKeyData(MarshalBinary(kd)): %v", err)
		}
		if diff := cmp.Diff(kd, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}

func checkRSNE(t *testing.T, b []byte) {
	e, err := ParseRSNE(b)
	if err != nil {
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) {
			t.Fatalf("error %v wraps neither ErrMalformed nor ErrUnsupported", err)
		}
		return
	}
	out, err := e.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary of a parsed RSN element: %v", err)
	}
	again, err := ParseRSNE(out)
	if err != nil {
		t.Fatalf("ParseRSNE(MarshalBinary(e)): %v", err)
	}
	if diff := cmp.Diff(e, again); diff != "" {
		t.Fatalf("RSN element round trip (-first +second):\n%s", diff)
	}
	_, _ = NegotiateRSNE(e, Policy{MFP: MFPOptional, AKMs: []Suite{AKMPSK, AKMPSKSHA256}})
}

// FuzzHandleEAPOL feeds a frame to a handshake waiting for message 3. A
// frame it drops must leave no trace: the genuine message 3 still works.
func FuzzHandleEAPOL(f *testing.F) {
	seedAP := newTestAP(f, 21)
	var seedRec recorder
	seedHS := seedAP.handshake(&seedRec, 22)
	_ = seedHS.HandleEAPOL(seedAP.message1())
	seedAP.receive(seedRec.sent[0])
	f.Add(seedAP.message3(nil))
	f.Add(seedAP.groupMessage1())
	f.Add(seedAP.message1())
	f.Add(unhex(f, hostapdMsg3))
	f.Fuzz(func(t *testing.T, b []byte) {
		ap := newTestAP(t, 21)
		var rec recorder
		h := ap.handshake(&rec, 22)
		if err := h.HandleEAPOL(ap.message1()); err != nil {
			t.Fatal(err)
		}
		ap.receive(rec.sent[0])
		rec.sent = nil
		err := h.HandleEAPOL(b)
		if err == nil {
			return // a valid message (say, a new message 1) was accepted
		}
		var drop *DropError
		if !errors.As(err, &drop) {
			t.Fatalf("unauthenticated frame caused a non-drop error: %v", err)
		}
		if len(rec.sent) != 0 || len(rec.installed) != 0 || h.Phase() != PhaseWaitMessage3 {
			t.Fatalf("dropped frame left a trace: sent %d, installed %d, phase %v", len(rec.sent), len(rec.installed), h.Phase())
		}
		if err := h.HandleEAPOL(ap.message3(nil)); err != nil {
			t.Fatalf("genuine message 3 after a dropped frame: %v", err)
		}
		if len(rec.installed) != 2 || h.Phase() != PhaseComplete {
			t.Fatalf("genuine message 3 after a dropped frame: installed %d keys, phase %v", len(rec.installed), h.Phase())
		}
	})
}
