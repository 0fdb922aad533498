package wpa

import (
	"crypto/hmac"
	"crypto/sha1"
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
