package wpa

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// RFC 4493 section 4 test vectors (AES-128 key 2b7e1516...).
func TestAESCMACRFC4493(t *testing.T) {
	const msg = `6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
		30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`
	key := unhex(t, "2b7e151628aed2a6abf7158809cf4f3c")
	tests := []struct {
		name   string
		msgLen int
		want   string
	}{
		{"example 1: empty", 0, "bb1d6929e95937287fa37d129b756746"},
		{"example 2: one block", 16, "070a16b46b4d4144f79bdd9dd04a287c"},
		{"example 3: 40 bytes", 40, "dfa66747de9ae63030ca32611497c827"},
		{"example 4: four blocks", 64, "51f0bebf7e3b9d92fc49741779363cfe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AESCMAC(key, unhex(t, msg)[:tt.msgLen])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(unhex(t, tt.want), got[:]); diff != "" {
				t.Errorf("AES-CMAC (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAESCMACRejectsBadKey(t *testing.T) {
	if _, err := AESCMAC(make([]byte, 15), nil); err == nil {
		t.Error("AES-CMAC with a 15-byte key succeeded")
	}
}
