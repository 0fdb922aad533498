package mschapv2

import (
	"encoding/binary"
	"math/bits"
)

// md4 returns the MD4 digest of msg (RFC 1320). MD4 is broken and used
// here only because MSCHAPv2's NT password hash is defined with it; it is
// kept private to this package for that reason.
func md4(msg []byte) [16]byte {
	// RFC 1320 3.1-3.2: pad with 0x80, zeros to 56 mod 64, and the bit
	// length as a 64-bit little-endian number.
	n := len(msg)
	padded := append(append([]byte(nil), msg...), 0x80)
	for len(padded)%64 != 56 {
		padded = append(padded, 0)
	}
	padded = binary.LittleEndian.AppendUint64(padded, uint64(n)*8)
	s := [4]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}
	for i := 0; i < len(padded); i += 64 {
		md4Block(&s, padded[i:i+64])
	}
	var out [16]byte
	for i, v := range s {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// md4Shifts are the rotations of rounds 1, 2 and 3 (RFC 1320 3.4).
var md4Shifts = [3][4]int{{3, 7, 11, 19}, {3, 5, 9, 13}, {3, 9, 11, 15}}

// md4Order3 is the word order of round 3.
var md4Order3 = [16]int{0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15}

func md4Block(s *[4]uint32, block []byte) {
	var x [16]uint32
	for i := range x {
		x[i] = binary.LittleEndian.Uint32(block[4*i:])
	}
	a, b, c, d := s[0], s[1], s[2], s[3]
	for i := 0; i < 48; i++ {
		var f, k uint32
		var w int
		switch round := i / 16; round {
		case 0:
			f, w = b&c|^b&d, i
		case 1:
			f, k, w = b&c|b&d|c&d, 0x5a827999, (i%4)*4+(i%16)/4
		default:
			f, k, w = b^c^d, 0x6ed9eba1, md4Order3[i%16]
		}
		t := bits.RotateLeft32(a+f+x[w]+k, md4Shifts[i/16][i%4])
		a, b, c, d = d, t, b, c
	}
	s[0] += a
	s[1] += b
	s[2] += c
	s[3] += d
}
