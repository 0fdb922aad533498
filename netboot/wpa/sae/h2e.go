package sae

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"math/big"
	"net"

	"filippo.io/bigmod"
	"filippo.io/nistec"
)

// PT is the password's hash-to-element point for one SSID (802.11-2020
// 12.4.4.2.3). It depends on SSID, password and identifier only, so it can be
// computed once before any access point is met; each exchange turns it into a
// password element with the two MAC addresses.
type PT struct {
	point *nistec.P256Point
}

// DerivePT hashes the password (with its identifier, if any) to a point on
// group 19: two field elements from HKDF-SHA-256 keyed with the SSID, each
// mapped to the curve by simplified SWU, added.
func DerivePT(ssid, password, identifier []byte) (*PT, error) {
	ikm := append(append([]byte{}, password...), identifier...)
	seed, err := hkdf.Extract(sha256.New, ikm, ssid)
	if err != nil {
		return nil, err
	}
	var sum *nistec.P256Point
	for _, label := range []string{"SAE Hash to Element u1 P1", "SAE Hash to Element u2 P2"} {
		// len = olen(p) + floor(olen(p)/2) bytes: reduced modulo p, the
		// extra 128 bits make the result uniform enough.
		value, err := hkdf.Expand(sha256.New, seed, label, p256.p.size+p256.p.size/2)
		if err != nil {
			return nil, err
		}
		q, err := sswu(p256.wideReduce(value))
		if err != nil {
			return nil, err
		}
		if sum == nil {
			sum = q
			continue
		}
		sum = nistec.NewP256Point().Add(sum, q)
	}
	return &PT{point: sum}, nil
}

// PWE is the password element for the addresses a and b: PT times
// (HKDF-Extract(0, MAX(A,B) || MIN(A,B)) mod (r-1)) + 1. The multiplier is
// made of public addresses, so math/big may compute it.
func (pt *PT) PWE(a, b net.HardwareAddr) (*nistec.P256Point, error) {
	val, err := hkdf.Extract(sha256.New, addressKey(a, b), make([]byte, sha256.Size))
	if err != nil {
		return nil, err
	}
	n := new(big.Int).Mod(new(big.Int).SetBytes(val), p256.orderMinus)
	n.Add(n, big.NewInt(1))
	return nistec.NewP256Point().ScalarMult(pt.point, n.FillBytes(make([]byte, p256.r.size)))
}

// wideReduce reduces a big-endian value of up to 1.5 times p's length
// modulo p as hi·2^(8·size) + lo, in constant time.
func (c *curve) wideReduce(value []byte) *bigmod.Nat {
	f := c.p
	split := len(value) - f.size
	hi := append(make([]byte, f.size-split), value[:split]...)
	h, _ := bigmod.NewNat().SetOverflowingBytes(hi, f.m)
	l, _ := bigmod.NewNat().SetOverflowingBytes(value[split:], f.m)
	return f.add(f.mul(h, c.wideShift), l)
}

// sswu is the simplified Shallue-van de Woestijne-Ulas map of u to the curve
// (802.11-2020 12.4.4.2.3, RFC 9380 6.6.2), every choice by mask:
//
//	m = z²u⁴ + zu², t = 1/m
//	x1 = b/(za) if m = 0, else (-b/a)(1 + t)
//	x2 = zu²·x1
//	(x, v) = (x1, g(x1)) if g(x1) is a square, else (x2, g(x2))
//	y = √v, negated unless LSB(u) = LSB(y)
func sswu(u *bigmod.Nat) (*nistec.P256Point, error) {
	c, f := p256, p256.p
	zu2 := f.mul(c.sswu.z, f.mul(u, u))
	m := f.add(f.mul(zu2, zu2), zu2)
	t := f.exp(m, c.inverse)
	one := f.constant(big.NewInt(1))
	x1 := f.choose(int(m.IsZero()), c.sswu.bOverZA, f.mul(c.sswu.minusBOverA, f.add(one, t)))
	x2 := f.mul(zu2, x1)
	gx1, gx2 := c.rhs(x1), c.rhs(x2)
	square := c.isSquare(gx1)
	x := f.choose(square, x1, x2)
	y := f.exp(f.choose(square, gx1, gx2), c.sqrt)
	same := subtle.ConstantTimeByteEq(byte(lsb(f.bytes(u))), byte(lsb(f.bytes(y))))
	return c.point(f.bytes(x), f.bytes(f.choose(same, y, f.neg(y))))
}
