package eap

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func unhex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Packet
		err  error
	}{
		{"identity request", "0101000501", &Packet{Code: CodeRequest, ID: 1, Type: TypeIdentity}, nil},
		{"identity response", "02020009017573657200", &Packet{Code: CodeResponse, ID: 2, Type: TypeIdentity, Data: []byte("user")}, nil},
		{"success with padding", "03050004000000", &Packet{Code: CodeSuccess, ID: 5}, nil},
		{"failure", "04090004", &Packet{Code: CodeFailure, ID: 9}, nil},
		{"PEAP start", "010300061921", &Packet{Code: CodeRequest, ID: 3, Type: TypePEAP, Data: []byte{0x21}}, nil},
		{"short", "0101", nil, ErrMalformed},
		{"length beyond buffer", "0101000901", nil, ErrMalformed},
		{"length under header", "01010003", nil, ErrMalformed},
		{"request without type", "01010004", nil, ErrMalformed},
		{"unknown code", "05010004", nil, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(unhex(t, tt.in))
			if !errors.Is(err, tt.err) {
				t.Fatalf("Parse error %v, want %v", err, tt.err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	tests := []*Packet{
		{Code: CodeResponse, ID: 200, Type: TypeNak, Data: []byte{byte(TypePEAP), byte(TypeTTLS)}},
		{Code: CodeRequest, ID: 0, Type: TypeTLS, Data: bytes.Repeat([]byte{0xab}, 1400)},
		{Code: CodeSuccess, ID: 3},
		{Code: CodeFailure, ID: 255},
	}
	for _, p := range tests {
		b, err := p.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary(%v): %v", p, err)
		}
		got, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(MarshalBinary(%v)): %v", p, err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("round trip of %v (-want +got):\n%s", p, diff)
		}
	}
	if _, err := (&Packet{Code: CodeResponse, Type: TypeTLS, Data: make([]byte, 0xffff)}).MarshalBinary(); !errors.Is(err, ErrMalformed) {
		t.Errorf("MarshalBinary of an oversized packet: %v, want ErrMalformed", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte{1, 1, 0, 5, 1})
	f.Add([]byte{3, 1, 0, 4})
	f.Add([]byte{1, 7, 0, 6, 25, 0x21})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		out, err := p.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary of a parsed packet: %v", err)
		}
		if p.Code == CodeSuccess || p.Code == CodeFailure {
			// RFC 3748 4.2 says Length 4; a longer one is accepted.
			out, b = out[:2], b[:2]
		}
		if !bytes.Equal(out, b[:len(out)]) {
			t.Fatalf("round trip changed the packet:\n in %x\nout %x", b, out)
		}
	})
}
