package wpa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseKeyData(t *testing.T) {
	gtk := unhex(t, "9adad240faa56f322f1553804b451936")
	tests := []struct {
		name string
		data string
		want *KeyData
	}{
		{"hostapd message 3 (decrypted)", hostapdRSNE[:2] + hostapdRSNE[2:] + "dd16000fac0101009adad240faa56f322f1553804b451936dd00",
			&KeyData{RSNEs: [][]byte{unhex(t, hostapdRSNE)}, GTK: &GTK{KeyID: 1, Key: gtk}}},
		{"GTK with Tx bit, IGTK, PMKID, vendor element skipped, padding",
			`dd16000fac0106009adad240faa56f322f1553804b451936
			 dd1c000fac0904000102030405069adad240faa56f322f1553804b451936
			 dd14000fac040102030405060708090a0b0c0d0e0f10
			 dd0700501102010203
			 dd000000`,
			&KeyData{GTK: &GTK{KeyID: 2, Tx: true, Key: gtk},
				IGTK:  &IGTK{KeyID: 4, IPN: [6]byte{1, 2, 3, 4, 5, 6}, Key: gtk},
				PMKID: &[16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}},
		{"unknown KDE skipped, lone 0xdd ends", "dd05000fac0a00dd", &KeyData{}},
		{"empty", "", &KeyData{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyData(unhex(t, tt.data))
			if err != nil {
				t.Fatalf("ParseKeyData: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseKeyData (-want +got):\n%s", diff)
			}
			b, err := got.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseKeyData(b)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("ParseKeyData(MarshalBinary(x)) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseKeyDataErrors(t *testing.T) {
	tests := []struct {
		name, data, msg string
	}{
		{"element past the end", "30140100", "parse key data: element 48 truncated: malformed"},
		{"lone byte", "30", "parse key data: element 48 truncated: malformed"},
		{"two GTKs", "dd07000fac01010011dd07000fac01020022", "parse key data: two GTK KDEs: malformed"},
		{"empty GTK", "dd06000fac010100", "parse key data: GTK KDE with a 0-byte key: malformed"},
		{"IGTK of 20 bytes", "dd18000fac09" + "0400010203040506" + "00112233445566778899aabb",
			"parse key data: IGTK KDE of 20 bytes: malformed"},
		{"two IGTKs", "dd1c000fac090400010203040506000102030405060708090a0b0c0d0e0f" +
			"dd1c000fac090500010203040506000102030405060708090a0b0c0d0e0f", "parse key data: two IGTK KDEs: malformed"},
		{"short PMKID", "dd06000fac040102", "parse key data: PMKID KDE of 2 bytes: malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseKeyData(unhex(t, tt.data))
			if !errors.Is(err, ErrMalformed) || err.Error() != tt.msg {
				t.Errorf("ParseKeyData error = %v, want %q", err, tt.msg)
			}
		})
	}
}

func TestKeyDataMarshalRejects(t *testing.T) {
	tests := []struct {
		name string
		kd   *KeyData
	}{
		{"GTK key ID 4", &KeyData{GTK: &GTK{KeyID: 4, Key: make([]byte, 16)}}},
		{"GTK of 33 bytes", &KeyData{GTK: &GTK{KeyID: 1, Key: make([]byte, 33)}}},
		{"IGTK of 15 bytes", &KeyData{IGTK: &IGTK{KeyID: 4, Key: make([]byte, 15)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.kd.MarshalBinary(); !errors.Is(err, ErrMalformed) {
				t.Errorf("MarshalBinary = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestPadKeyData(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty pads to 16", nil, "dd000000000000000000000000000000"},
		{"short", []byte{1, 2, 3}, "010203dd000000000000000000000000"},
		{"17 bytes to 24", make([]byte, 17), "0000000000000000000000000000000000dd000000000000"},
		{"16 bytes untouched", make([]byte, 16), "00000000000000000000000000000000"},
		{"23 bytes to 24", make([]byte, 23), "0000000000000000000000000000000000000000000000dd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(unhex(t, tt.want), PadKeyData(tt.in)); diff != "" {
				t.Errorf("PadKeyData (-want +got):\n%s", diff)
			}
		})
	}
}
