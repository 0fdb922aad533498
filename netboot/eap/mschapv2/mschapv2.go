package mschapv2

import (
	"crypto/des"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Hash is the NT password hash, MD4 of the UTF-16LE password (RFC 2759
// 8.3). It is all MS-CHAP-V2 needs, so it can be stored instead of the
// password (wpa_supplicant's password=hash:...).
type Hash [16]byte

// NTPasswordHash hashes a clear password (RFC 2759 8.3).
func NTPasswordHash(password string) Hash {
	u := utf16.Encode([]rune(password))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return md4(b)
}

// hashHash is HashNtPasswordHash (RFC 2759 8.4).
func (h Hash) hashHash() [16]byte { return md4(h[:]) }

// UserName strips a leading "DOMAIN\" from an identity: RFC 2759 8.2 hashes
// the user name without the domain.
func UserName(identity string) string {
	if i := strings.LastIndexByte(identity, '\\'); i >= 0 {
		return identity[i+1:]
	}
	return identity
}

// ChallengeHash is RFC 2759 8.2: the first 8 bytes of
// SHA1(PeerChallenge | AuthenticatorChallenge | UserName).
func ChallengeHash(peer, auth [16]byte, user string) [8]byte {
	h := sha1.New()
	h.Write(peer[:])
	h.Write(auth[:])
	h.Write([]byte(user))
	return [8]byte(h.Sum(nil))
}

// NTResponse is GenerateNTResponse (RFC 2759 8.1).
func NTResponse(auth, peer [16]byte, user string, h Hash) [24]byte {
	c := ChallengeHash(peer, auth, user)
	// RFC 2759 8.5: the 16-byte hash padded to 21 bytes is three DES keys.
	var z [21]byte
	copy(z[:], h[:])
	var out [24]byte
	for i := range 3 {
		block, err := des.NewCipher(desKey(z[7*i : 7*i+7]))
		if err != nil {
			panic(err) // unreachable: desKey returns 8 bytes
		}
		block.Encrypt(out[8*i:], c[:])
	}
	return out
}

// desKey spreads 56 key bits over 8 bytes, leaving the parity bit (the
// lowest of each byte) clear (RFC 2759 8.6).
func desKey(k []byte) []byte {
	v := uint64(0)
	for _, b := range k {
		v = v<<8 | uint64(b)
	}
	out := make([]byte, 8)
	for i := range out {
		out[i] = byte(v>>(56-7*(i+1))) << 1
	}
	return out
}

// RFC 2759 8.7 magic constants.
var (
	authMagic1 = []byte("Magic server to client signing constant")
	authMagic2 = []byte("Pad to make it do more than one iteration")
)

// AuthenticatorResponse is GenerateAuthenticatorResponse (RFC 2759 8.7),
// "S=" and 40 upper-case hex digits: the proof that the server knows the
// password too.
func AuthenticatorResponse(h Hash, nt [24]byte, peer, auth [16]byte, user string) string {
	hh := h.hashHash()
	d := sha1.New()
	d.Write(hh[:])
	d.Write(nt[:])
	d.Write(authMagic1)
	digest := d.Sum(nil)
	c := ChallengeHash(peer, auth, user)
	d.Reset()
	d.Write(digest)
	d.Write(c[:])
	d.Write(authMagic2)
	return fmt.Sprintf("S=%X", d.Sum(nil))
}

// CheckAuthenticatorResponse compares the server's "S=..." with the one we
// expect, in constant time and ignoring the case of the hex digits.
func CheckAuthenticatorResponse(got string, h Hash, nt [24]byte, peer, auth [16]byte, user string) error {
	want := AuthenticatorResponse(h, nt, peer, auth, user)
	if len(got) != len(want) || subtle.ConstantTimeCompare([]byte(strings.ToUpper(got)), []byte(want)) != 1 {
		return fmt.Errorf("check MSCHAPv2 authenticator response: the server does not prove it knows the password (a rogue access point?)")
	}
	return nil
}
