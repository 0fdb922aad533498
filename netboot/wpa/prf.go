package wpa

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
)

// PRF is the IEEE 802.11 pseudo-random function PRF-n (802.11-2016
// 12.7.1.2): HMAC-SHA1(key, label || 0 || data || i) for i = 0, 1, ...,
// concatenated and truncated to bits. PRF-384 gives a CCMP PTK, PRF-512 a
// TKIP one. bits must be a positive multiple of 8 no larger than 40800
// (255 SHA-1 blocks); PRF panics otherwise, as that is a programming error.
func PRF(key, label, data []byte, bits int) []byte {
	if bits <= 0 || bits%8 != 0 || bits > 255*sha1.Size*8 {
		panic(fmt.Sprintf("wpa.PRF: %d bits is not a positive multiple of 8 up to 40800", bits))
	}
	n := bits / 8
	out := make([]byte, 0, n+sha1.Size)
	mac := hmac.New(sha1.New, key)
	for i := 0; len(out) < n; i++ {
		mac.Reset()
		mac.Write(label)
		mac.Write([]byte{0})
		mac.Write(data)
		mac.Write([]byte{byte(i)})
		out = mac.Sum(out)
	}
	return out[:n]
}

// KDFSHA256 is the IEEE 802.11 key derivation function KDF-SHA-256-n
// (802.11-2020 12.7.1.6.2) that the SHA-256 AKMs (WPA-PSK-SHA256) use
// instead of PRF: KDF with SHA-256. bits must be a positive multiple of 8
// below 65536; KDFSHA256 panics otherwise, as that is a programming error.
func KDFSHA256(key, label, context []byte, bits int) []byte {
	if bits%8 != 0 {
		panic(fmt.Sprintf("wpa.KDFSHA256: %d bits is not a positive multiple of 8 below 65536", bits))
	}
	return KDF(sha256.New, key, label, context, bits)
}

// KDF is KDF-Hash-Length (802.11-2020 12.7.1.6.2): HMAC-Hash(key, i ||
// label || context || Length) for i = 1, 2, ..., with i and Length as
// 16-bit little-endian integers and the label without a terminating zero,
// concatenated and truncated to Length bits. When bits is not a multiple
// of 8 the last byte keeps only its leading bits, the rest zero (SAE's
// hunting-and-pecking over P-521 asks for 521). bits must be positive and
// below 65536; KDF panics otherwise, as that is a programming error.
func KDF(h func() hash.Hash, key, label, context []byte, bits int) []byte {
	if bits <= 0 || bits > 0xffff {
		panic(fmt.Sprintf("wpa.KDF: %d bits is not positive and below 65536", bits))
	}
	n := (bits + 7) / 8
	mac := hmac.New(h, key)
	out := make([]byte, 0, n+mac.Size())
	var le [2]byte
	for i := 1; len(out) < n; i++ {
		mac.Reset()
		binary.LittleEndian.PutUint16(le[:], uint16(i))
		mac.Write(le[:])
		mac.Write(label)
		mac.Write(context)
		binary.LittleEndian.PutUint16(le[:], uint16(bits))
		mac.Write(le[:])
		out = mac.Sum(out)
	}
	out = out[:n]
	if extra := 8*n - bits; extra > 0 {
		out[n-1] &= 0xff << extra
	}
	return out
}
