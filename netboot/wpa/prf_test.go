package wpa

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"hash"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// IEEE 802.11-2016 Annex J.3 PRF (HMAC-SHA1) test vectors, 512 bits each.
func TestPRFAnnexJ(t *testing.T) {
	tests := []struct {
		name string
		key  []byte
		data []byte
		want string
	}{
		{"test case 1", bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"),
			`bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee
			 75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a`},
		{"test case 2", []byte("Jefe"), []byte("what do ya want for nothing?"),
			`51f4de5b33f249adf81aeb713a3c20f4fe631446fabdfa58244759ae58ef9009
			 a99abf4eac2ca5fa87e692c440eb40023e7babb206d61de7b92f41529092b8fc`},
		{"test case 3", bytes.Repeat([]byte{0xaa}, 20), bytes.Repeat([]byte{0xdd}, 50),
			`e1ac546ec4cb636f9976487be5c86be17a0252ca5d8d8df12cfb0473525249ce
			 9dd8d177ead710bc9b590547239107aef7b4abd43d87f0a68f1cbd9e2b6f7607`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := unhex(t, tt.want)
			for _, bits := range []int{512, 384, 256, 192, 128} {
				got := PRF(tt.key, []byte("prefix"), tt.data, bits)
				if diff := cmp.Diff(want[:bits/8], got); diff != "" {
					t.Errorf("PRF-%d (-want +got):\n%s", bits, diff)
				}
			}
		})
	}
}

func TestPRFPanicsOnBadLength(t *testing.T) {
	for _, bits := range []int{0, -8, 12, 255*160 + 8} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("PRF(%d bits) did not panic", bits)
				}
			}()
			PRF([]byte("k"), nil, nil, bits)
		}()
	}
}

// PTK derivation orders the addresses and nonces (802.11-2016 12.7.1.3),
// so swapping the roles gives the same PTK. Real-peer vectors are in
// vectors_test.go.
func TestDerivePTKIsSymmetric(t *testing.T) {
	pmk := unhex32(t, "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af")
	aa, spa := unhex(t, "a0a1a2a3a4a5"), unhex(t, "b0b1b2b3b4b5")
	var an, sn [32]byte
	for i := range an {
		an[i], sn[i] = byte(0xe0+i), byte(0xc0+i)
	}
	data := append(append(append(append([]byte{}, aa...), spa...), sn[:]...), an[:]...)
	label := []byte("Pairwise key expansion")
	tests := []struct {
		akm  Suite
		want []byte
	}{
		{AKMPSK, PRF(pmk[:], label, data, 384)},
		{AKMPSKSHA256, KDFSHA256(pmk[:], label, data, 384)},
		{AKMSAE, KDFSHA256(pmk[:], label, data, 384)},
	}
	for _, tt := range tests {
		t.Run(AKMName(tt.akm), func(t *testing.T) {
			p1, err := DerivePTK(tt.akm, pmk, aa, spa, an, sn)
			if err != nil {
				t.Fatal(err)
			}
			p2, err := DerivePTK(tt.akm, pmk, spa, aa, sn, an)
			if err != nil {
				t.Fatal(err)
			}
			if p1 != p2 {
				t.Error("DerivePTK depends on which side is which")
			}
			got := append(append(p1.KCK[:], p1.KEK[:]...), p1.TK[:]...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("PTK is not the AKM's KDF over Min||Max (-want +got):\n%s", diff)
			}
			if _, err := DerivePTK(tt.akm, pmk, aa[:5], spa, an, sn); err == nil {
				t.Error("DerivePTK accepted a 5-byte address")
			}
		})
	}
	if _, err := DerivePTK(AKMFTSAE, pmk, aa, spa, an, sn); !errors.Is(err, ErrUnsupported) {
		t.Errorf("DerivePTK for FT-SAE: %v, want ErrUnsupported", err)
	}
}

// No published test vector for the 802.11 KDF with SHA-256 was at hand
// (802.11-2020 Annex J has none for the PTK), so these values are a cross-
// check against a second, independent computation: Python's hmac and
// hashlib, following 802.11-2020 12.7.1.6.2 literally:
//
//	out = b""
//	for i in range(1, ceil(bits/256)+1):
//	    out += hmac.new(key, struct.pack("<H", i) + label + context +
//	                    struct.pack("<H", bits), hashlib.sha256).digest()
//	want = out[:bits//8]
//
// The PTK case uses the inputs of TestDerivePTKIsSymmetric (context =
// Min(AA,SPA) || Max(AA,SPA) || Min(ANonce,SNonce) || Max(ANonce,SNonce)).
func TestKDFSHA256CrossCheck(t *testing.T) {
	an, sn := make([]byte, 32), make([]byte, 32)
	for i := range an {
		an[i], sn[i] = byte(0xe0+i), byte(0xc0+i)
	}
	ptkContext := append(append(unhex(t, "a0a1a2a3a4a5b0b1b2b3b4b5"), sn...), an...)
	tests := []struct {
		name                string
		key, label, context []byte
		bits                int
		want                string
	}{
		{"PTK (384 bits)", unhex(t, "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"),
			[]byte("Pairwise key expansion"), ptkContext, 384,
			`750c3bf9b11f5e885562f977541ead3cc78da3b16abbf26224a866187c4d5dce
			 f18c02e4e21be8f08cf598c3cc44df24`},
		{"two full blocks (512 bits)", []byte("key"), []byte("label"), []byte("context"), 512,
			`ac511cd25cb4fe5cbbf67d28616fec3373f29337c02fb5b8e212cc67621ec105
			 11dc6cc40dc59d681e9c3cead0309c1e404bd00c176910283d551511b4f1e203`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KDFSHA256(tt.key, tt.label, tt.context, tt.bits)
			if diff := cmp.Diff(unhex(t, tt.want), got); diff != "" {
				t.Errorf("KDF-SHA-256-%d (-want +got):\n%s", tt.bits, diff)
			}
		})
	}
}

// TestKDFOtherHashes checks KDF-Hash-Length with the hashes SAE's groups 20
// and 21 use and with a length that is not whole bytes, against the same
// Python formula as TestKDFSHA256CrossCheck with the hash swapped and, for
// 521 bits, the last byte masked to its leading bit (what hostapd's
// sha256_prf_bits gives).
func TestKDFOtherHashes(t *testing.T) {
	tests := []struct {
		name string
		hash func() hash.Hash
		bits int
		want string
	}{
		{"SHA-384, 640 bits", sha512.New384, 640,
			`3214d4c53f46494f71b4084c85b1d1e741685d984396681bc6930fa1cd71ac2ecf78ec13d244da93a435ff096228ede3
			 2bc95026b29556164ddd5d211a99261ede65158d465f3eb1cfc551c7780e5cd3`},
		{"SHA-512, 768 bits", sha512.New, 768,
			`45556c498a73942d2f785a833c3e57fc69a3dd2538f6469a5d984b8d64b0bcd84edb25fab8a78e87ebf5818866b3af5f
			 f3072d7002884392605566e8d634ff414af7cf008a15c2dbe568adf4dcd1f2b207cb14e95e725d291baeab8ab54eead4`},
		{"SHA-256, 521 bits", sha256.New, 521,
			`3a8e8db712c76757a74d60d0142f39b8b2cb4261b50b458ce07998d54b2ef56c1195662271a1ebb252c276ab56c8ae52
			 0dc679bc9d6d49495554d9658202ebcc5400`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KDF(tt.hash, []byte("key"), []byte("label"), []byte("context"), tt.bits)
			if diff := cmp.Diff(unhex(t, tt.want), got); diff != "" {
				t.Errorf("KDF (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKDFSHA256PanicsOnBadLength(t *testing.T) {
	for _, bits := range []int{0, -8, 12, 0x10000} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("KDFSHA256(%d bits) did not panic", bits)
				}
			}()
			KDFSHA256([]byte("k"), nil, nil, bits)
		}()
	}
}
