package eap

import (
	"bytes"
	"errors"
	"testing"
)

func TestEAPOL(t *testing.T) {
	pkt := []byte{2, 7, 0, 6, 1, 'u'}
	frame := ToEAPOL(pkt)
	if !bytes.Equal(frame, []byte{2, 0, 0, 6, 2, 7, 0, 6, 1, 'u'}) {
		t.Fatalf("ToEAPOL = %x", frame)
	}
	tests := []struct {
		name string
		in   []byte
		want []byte
		err  error
	}{
		{"round trip", frame, pkt, nil},
		{"padding dropped", append(append([]byte(nil), frame...), 0, 0, 0), pkt, nil},
		{"EAPOL-Key", []byte{2, 3, 0, 0}, nil, ErrMalformed},
		{"short", []byte{2, 0}, nil, ErrMalformed},
		{"body beyond frame", []byte{2, 0, 0, 9, 1}, nil, ErrMalformed},
	}
	for _, tt := range tests {
		got, err := FromEAPOL(tt.in)
		if !errors.Is(err, tt.err) || !bytes.Equal(got, tt.want) {
			t.Errorf("%s: FromEAPOL = %x, %v; want %x, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
	if s := StartFrame(); !bytes.Equal(s, []byte{2, 1, 0, 0}) {
		t.Errorf("StartFrame = %x", s)
	}
}

func FuzzFromEAPOL(f *testing.F) {
	f.Add(ToEAPOL([]byte{1, 1, 0, 5, 1}))
	f.Add([]byte{2, 3, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		pkt, err := FromEAPOL(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if again := ToEAPOL(pkt); !bytes.Equal(again[1:], b[1:len(again)]) {
			t.Fatalf("round trip %x -> %x", b, again)
		}
	})
}
