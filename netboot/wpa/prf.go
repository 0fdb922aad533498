package wpa

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
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
// instead of PRF: HMAC-SHA256(key, i || label || context || bits) for
// i = 1, 2, ..., with i and bits as 16-bit little-endian integers and the
// label without a terminating zero, concatenated and truncated to bits.
// bits must be a positive multiple of 8 below 65536; KDFSHA256 panics
// otherwise, as that is a programming error.
func KDFSHA256(key, label, context []byte, bits int) []byte {
	if bits <= 0 || bits%8 != 0 || bits > 0xffff {
		panic(fmt.Sprintf("wpa.KDFSHA256: %d bits is not a positive multiple of 8 below 65536", bits))
	}
	n := bits / 8
	out := make([]byte, 0, n+sha256.Size)
	mac := hmac.New(sha256.New, key)
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
	return out[:n]
}
