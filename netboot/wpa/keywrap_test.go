package wpa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// RFC 3394 section 4 test vectors.
func TestKeyWrapRFC3394(t *testing.T) {
	const kek256 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
	tests := []struct {
		name, kek, data, wrapped string
	}{
		{"4.1 128-bit data, 128-bit KEK", kek256[:32], "00112233445566778899AABBCCDDEEFF",
			"1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"},
		{"4.2 128-bit data, 192-bit KEK", kek256[:48], "00112233445566778899AABBCCDDEEFF",
			"96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"},
		{"4.3 128-bit data, 256-bit KEK", kek256, "00112233445566778899AABBCCDDEEFF",
			"64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"},
		{"4.4 192-bit data, 192-bit KEK", kek256[:48], "00112233445566778899AABBCCDDEEFF0001020304050607",
			"031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2"},
		{"4.5 192-bit data, 256-bit KEK", kek256, "00112233445566778899AABBCCDDEEFF0001020304050607",
			"A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1"},
		{"4.6 256-bit data, 256-bit KEK", kek256, "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
			"28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kek, data, wrapped := unhex(t, tt.kek), unhex(t, tt.data), unhex(t, tt.wrapped)
			got, err := KeyWrap(kek, data)
			if err != nil {
				t.Fatalf("KeyWrap: %v", err)
			}
			if diff := cmp.Diff(wrapped, got); diff != "" {
				t.Errorf("KeyWrap (-want +got):\n%s", diff)
			}
			plain, err := KeyUnwrap(kek, wrapped)
			if err != nil {
				t.Fatalf("KeyUnwrap: %v", err)
			}
			if diff := cmp.Diff(data, plain); diff != "" {
				t.Errorf("KeyUnwrap (-want +got):\n%s", diff)
			}
			tampered := append([]byte(nil), wrapped...)
			tampered[len(tampered)-1] ^= 1
			if _, err := KeyUnwrap(kek, tampered); !errors.Is(err, ErrUnwrap) {
				t.Errorf("KeyUnwrap(tampered) = %v, want ErrUnwrap", err)
			}
		})
	}
}

func TestKeyWrapRejectsBadLengths(t *testing.T) {
	kek := make([]byte, 16)
	tests := []struct {
		name string
		f    func() error
		want error
	}{
		{"wrap 8 bytes", func() error { _, err := KeyWrap(kek, make([]byte, 8)); return err }, ErrMalformed},
		{"wrap 17 bytes", func() error { _, err := KeyWrap(kek, make([]byte, 17)); return err }, ErrMalformed},
		{"unwrap 16 bytes", func() error { _, err := KeyUnwrap(kek, make([]byte, 16)); return err }, ErrMalformed},
		{"unwrap 25 bytes", func() error { _, err := KeyUnwrap(kek, make([]byte, 25)); return err }, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f(); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := KeyWrap(make([]byte, 7), make([]byte, 16)); err == nil {
		t.Error("KeyWrap accepted a 7-byte KEK")
	}
}
