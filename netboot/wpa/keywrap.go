package wpa

import (
	"crypto/aes"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// keyWrapIV is the RFC 3394 default initial value A6A6A6A6A6A6A6A6.
var keyWrapIV = [8]byte{0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6}

// KeyWrap wraps plaintext (a multiple of 8 bytes, at least 16) with the
// key-encryption key kek (16, 24 or 32 bytes) per RFC 3394. The result is 8
// bytes longer than plaintext. 802.11 uses it to encrypt EAPOL-Key data.
func KeyWrap(kek, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fmt.Errorf("AES key wrap: %w", err)
	}
	if len(plaintext) < 16 || len(plaintext)%8 != 0 {
		return nil, fmt.Errorf("AES key wrap: %d bytes of plaintext, need a multiple of 8 and at least 16: %w",
			len(plaintext), ErrMalformed)
	}
	n := len(plaintext) / 8
	out := make([]byte, 8+len(plaintext))
	copy(out[8:], plaintext)
	a := keyWrapIV
	var b [16]byte
	for j := 0; j < 6; j++ {
		for i := 1; i <= n; i++ {
			r := out[8*i : 8*i+8]
			copy(b[:8], a[:])
			copy(b[8:], r)
			block.Encrypt(b[:], b[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(a[:], binary.BigEndian.Uint64(b[:8])^t)
			copy(r, b[8:])
		}
	}
	copy(out[:8], a[:])
	return out, nil
}

// KeyUnwrap reverses KeyWrap. It returns an error wrapping ErrUnwrap when
// the integrity check fails (wrong key or corrupted data).
func KeyUnwrap(kek, ciphertext []byte) ([]byte, error) {
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fmt.Errorf("AES key unwrap: %w", err)
	}
	if len(ciphertext) < 24 || len(ciphertext)%8 != 0 {
		return nil, fmt.Errorf("AES key unwrap: %d bytes of ciphertext, need a multiple of 8 and at least 24: %w",
			len(ciphertext), ErrMalformed)
	}
	n := len(ciphertext)/8 - 1
	out := make([]byte, len(ciphertext)-8)
	copy(out, ciphertext[8:])
	var a [8]byte
	copy(a[:], ciphertext[:8])
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			r := out[8*(i-1) : 8*i]
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(a[:])^t)
			copy(b[8:], r)
			block.Decrypt(b[:], b[:])
			copy(a[:], b[:8])
			copy(r, b[8:])
		}
	}
	if subtle.ConstantTimeCompare(a[:], keyWrapIV[:]) != 1 {
		return nil, fmt.Errorf("AES key unwrap: %w", ErrUnwrap)
	}
	return out, nil
}
