package wpa

import (
	"crypto/aes"
	"crypto/subtle"
	"fmt"
)

// cmacRb is the constant R_128 of RFC 4493 section 2.3 (0x87 in the last
// byte): the reduction used when doubling a subkey in GF(2^128).
const cmacRb = 0x87

// AESCMAC computes AES-CMAC (RFC 4493; NIST SP 800-38B) of msg under key
// (16, 24 or 32 bytes). With a 16-byte key it is AES-128-CMAC, the MIC of
// key descriptor version 3 (802.11-2020 12.7.3).
func AESCMAC(key, msg []byte) ([16]byte, error) {
	var mac [16]byte
	block, err := aes.NewCipher(key)
	if err != nil {
		return mac, fmt.Errorf("AES-CMAC: %w", err)
	}
	// Subkeys K1 and K2 (RFC 4493 2.3): L = AES(K, 0), K1 = 2L, K2 = 4L.
	var k1, k2 [16]byte
	block.Encrypt(k1[:], k1[:])
	k1 = cmacDouble(k1)
	k2 = cmacDouble(k1)
	// The last block is XORed with K1 when complete, else padded with
	// 10...0 and XORed with K2 (RFC 4493 2.4 steps 3 and 4).
	n := (len(msg) + 15) / 16
	var last [16]byte
	if n > 0 && len(msg)%16 == 0 {
		subtle.XORBytes(last[:], msg[16*(n-1):], k1[:])
	} else {
		n = max(n, 1)
		rest := msg[16*(n-1):]
		copy(last[:], rest)
		last[len(rest)] = 0x80
		subtle.XORBytes(last[:], last[:], k2[:])
	}
	for i := 0; i < n-1; i++ {
		subtle.XORBytes(mac[:], mac[:], msg[16*i:16*i+16])
		block.Encrypt(mac[:], mac[:])
	}
	subtle.XORBytes(mac[:], mac[:], last[:])
	block.Encrypt(mac[:], mac[:])
	return mac, nil
}

// cmacDouble multiplies b by x in GF(2^128): a left shift by one bit,
// reduced by R_128 when the top bit falls off.
func cmacDouble(b [16]byte) [16]byte {
	var out [16]byte
	for i := 0; i < 15; i++ {
		out[i] = b[i]<<1 | b[i+1]>>7
	}
	out[15] = b[15] << 1
	if b[0]&0x80 != 0 {
		out[15] ^= cmacRb
	}
	return out
}
