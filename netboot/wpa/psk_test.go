package wpa

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// IEEE 802.11-2016 Annex J.4.2 pass-phrase to PSK test vectors.
func TestPSKAnnexJ(t *testing.T) {
	tests := []struct {
		name, passphrase, ssid, psk string
	}{
		{"J.4.2 test case 1", "password", "IEEE",
			"f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"},
		{"J.4.2 test case 2", "ThisIsAPassword", "ThisIsASSID",
			"0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"},
		{"J.4.2 test case 3", strings.Repeat("a", 32), strings.Repeat("Z", 32),
			"becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62"},
		// Beyond annex J's ASCII: the UTF-8 bytes, as wpa_supplicant and
		// hostapd hash them (the key from Python's hashlib.pbkdf2_hmac).
		{"UTF-8 pass-phrase", "Grüße aus Köln", "home",
			"2c4bbabc68202e3ffd7033898ea4bf7d9a2939bfc5dcdf3688b5d58da773c63d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PSK(tt.passphrase, tt.ssid)
			if err != nil {
				t.Fatalf("PSK: %v", err)
			}
			if diff := cmp.Diff(unhex32(t, tt.psk), got); diff != "" {
				t.Errorf("PSK(%q, %q) (-want +got):\n%s", tt.passphrase, tt.ssid, diff)
			}
		})
	}
}

// RFC 6070 PBKDF2-HMAC-SHA1 vectors, checked against the primitive PSK
// uses (the 16777216-iteration case is left out: it takes minutes).
func TestPBKDF2RFC6070(t *testing.T) {
	tests := []struct {
		password, salt string
		iter           int
		dk             string
	}{
		{"password", "salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
		{"password", "salt", 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
		{"password", "salt", 4096, "4b007901b765489abead49d926f721d065a429c1"},
		{"passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
			"3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
		{"pass\x00word", "sa\x00lt", 4096, "56fa6aa75548099dcc37d7f03425e0c3"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q/%d", tt.password, tt.iter), func(t *testing.T) {
			want := unhex(t, tt.dk)
			got, err := pbkdf2.Key(sha1.New, tt.password, []byte(tt.salt), tt.iter, len(want))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("PBKDF2 (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPSKRejects(t *testing.T) {
	tests := []struct {
		name, passphrase, ssid string
		want                   error
		msg                    string
	}{
		{"short", "1234567", "net", ErrPassphrase, "pass-phrase must be 8..63 characters (bytes: a non-ASCII character counts 2 to 4)"},
		{"long", strings.Repeat("x", 64), "net", ErrPassphrase, "pass-phrase must be 8..63 characters (bytes: a non-ASCII character counts 2 to 4)"},
		{"long in UTF-8", strings.Repeat("é", 32), "net", ErrPassphrase, "pass-phrase must be 8..63 characters (bytes: a non-ASCII character counts 2 to 4)"},
		{"control character", "secret\tpass", "net", ErrPassphrase, "pass-phrase byte 7 is a control character"},
		{"DEL", "secret\x7fpass", "net", ErrPassphrase, "pass-phrase byte 7 is a control character"},
		{"empty SSID", "password", "", ErrSSID, "SSID must be 1..32 bytes, got 0: invalid SSID"},
		{"long SSID", "password", strings.Repeat("s", 33), ErrSSID, "SSID must be 1..32 bytes, got 33: invalid SSID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PSK(tt.passphrase, tt.ssid)
			if !errors.Is(err, tt.want) {
				t.Fatalf("PSK error = %v, want %v", err, tt.want)
			}
			if err.Error() != tt.msg {
				t.Errorf("error text = %q, want %q", err, tt.msg)
			}
			if strings.Contains(err.Error(), tt.passphrase) {
				t.Errorf("error %q quotes the pass-phrase", err)
			}
		})
	}
}

func TestPSKAcceptsEdges(t *testing.T) {
	for _, p := range []string{"12345678", strings.Repeat("~", 63), " spaces are fine "} {
		if _, err := PSK(p, "x"); err != nil {
			t.Errorf("PSK(%d-character pass-phrase) = %v, want nil", len(p), err)
		}
	}
}
