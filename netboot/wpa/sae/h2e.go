package sae

import (
	"crypto/hkdf"
	"crypto/subtle"
	"math/big"
	"net"

	"filippo.io/bigmod"
)

// PT is the password's hash-to-element point for one SSID and group
// (802.11-2020 12.4.4.2.3). It depends on SSID, password and identifier
// only, so it can be computed once before any access point is met; each
// exchange turns it into a password element with the two MAC addresses.
type PT struct {
	group *Group
	point point
}

// DerivePT hashes the password (with its identifier, if any) to a point of
// group g: two field elements from HKDF with the group's hash, keyed with
// the SSID, each mapped to the curve by simplified SWU, added.
func DerivePT(g *Group, ssid, password, identifier []byte) (*PT, error) {
	ikm := append(append([]byte{}, password...), identifier...)
	seed, err := hkdf.Extract(g.hash, ikm, ssid)
	if err != nil {
		return nil, err
	}
	size := g.curve.p.size
	var sum point
	for _, label := range []string{"SAE Hash to Element u1 P1", "SAE Hash to Element u2 P2"} {
		// len = olen(p) + ceil(olen(p)/2) bytes: reduced modulo p, the
		// extra half makes the result uniform enough (RFC 9380 5.2's k).
		value, err := hkdf.Expand(g.hash, seed, label, size+(size+1)/2)
		if err != nil {
			return nil, err
		}
		q, err := g.sswu(g.curve.wideReduce(value))
		if err != nil {
			return nil, err
		}
		if sum == nil {
			sum = q
			continue
		}
		sum = sum.add(q)
	}
	return &PT{group: g, point: sum}, nil
}

// PWE is the password element for the addresses a and b: PT times
// (HKDF-Extract(0^hashlen, MAX(A,B) || MIN(A,B)) mod (r-1)) + 1, the hash
// being the group's. The multiplier is made of public addresses, so
// math/big may compute it.
func (pt *PT) PWE(a, b net.HardwareAddr) (*Element, error) {
	g := pt.group
	val, err := hkdf.Extract(g.hash, addressKey(a, b), make([]byte, g.hashLen()))
	if err != nil {
		return nil, err
	}
	n := new(big.Int).Mod(new(big.Int).SetBytes(val), g.curve.orderMinus)
	n.Add(n, big.NewInt(1))
	p, err := pt.point.mult(n.FillBytes(make([]byte, g.curve.r.size)))
	if err != nil {
		return nil, err
	}
	return &Element{group: g, p: p, kdf: g.hash}, nil
}

// sswu is the simplified Shallue-van de Woestijne-Ulas map of u to the curve
// (802.11-2020 12.4.4.2.3, RFC 9380 6.6.2), every choice by mask:
//
//	m = z²u⁴ + zu², t = 1/m
//	x1 = b/(za) if m = 0, else (-b/a)(1 + t)
//	x2 = zu²·x1
//	(x, v) = (x1, g(x1)) if g(x1) is a square, else (x2, g(x2))
//	y = √v, negated unless LSB(u) = LSB(y)
//
// LSB is RFC 9380's sgn0 for a prime field, so the map is RFC 9380's
// map_to_curve and its vectors apply.
func (g *Group) sswu(u *bigmod.Nat) (point, error) {
	c, f := g.curve, g.curve.p
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
	return g.point(f.bytes(x), f.bytes(f.choose(same, y, f.neg(y))))
}
