package sae

import (
	"errors"
	"math/big"

	"filippo.io/bigmod"
	"filippo.io/nistec"
)

// Group19 is the IANA number of the 256-bit random ECP group (NIST P-256),
// the group every WPA3 device supports and the only one this package offers.
const Group19 = 19

// p256 holds the curve y² = x³ - 3x + b over GF(p) with prime order r
// (FIPS 186-4 D.1.2.3), as SAE uses it, and the exponents its formulas need.
type curve struct {
	p, r       field
	pBytes     []byte
	b          *bigmod.Nat
	legendre   []byte // (p-1)/2: v^legendre is 1, 0 or p-1 (Euler's criterion)
	sqrt       []byte // (p+1)/4: a square root, as p ≡ 3 mod 4
	inverse    []byte // p-2: v^(p-2) = 1/v (Fermat)
	orderMinus *big.Int
	wideShift  *bigmod.Nat // 2^256 mod p, for reducing wider values
	sswu       sswuConstants
}

// sswuConstants are the fixed values of the simplified SWU map with Z = -10
// (802.11-2020 Table 12-1 for group 19; RFC 9380 8.2).
type sswuConstants struct {
	z, minusBOverA, bOverZA *bigmod.Nat
}

var p256 = newP256()

func newP256() *curve {
	const (
		pHex = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
		rHex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
		bHex = "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"
	)
	c := &curve{p: newField(pHex), r: newField(rHex)}
	p, _ := new(big.Int).SetString(pHex, 16)
	r, _ := new(big.Int).SetString(rHex, 16)
	b, _ := new(big.Int).SetString(bHex, 16)
	c.pBytes = p.Bytes()
	c.b = c.p.constant(b)
	one := big.NewInt(1)
	c.legendre = new(big.Int).Rsh(new(big.Int).Sub(p, one), 1).Bytes()
	c.sqrt = new(big.Int).Rsh(new(big.Int).Add(p, one), 2).Bytes()
	c.inverse = new(big.Int).Sub(p, big.NewInt(2)).Bytes()
	c.orderMinus = new(big.Int).Sub(r, one)
	c.wideShift = c.p.constant(new(big.Int).Mod(new(big.Int).Lsh(one, 256), p))

	a := new(big.Int).Sub(p, big.NewInt(3))
	z := new(big.Int).Sub(p, big.NewInt(10))
	aInv := new(big.Int).ModInverse(a, p)
	zaInv := new(big.Int).ModInverse(new(big.Int).Mul(z, a), p)
	minusBOverA := new(big.Int).Mod(new(big.Int).Neg(new(big.Int).Mul(b, aInv)), p)
	c.sswu = sswuConstants{
		z:           c.p.constant(z),
		minusBOverA: c.p.constant(minusBOverA),
		bOverZA:     c.p.constant(new(big.Int).Mod(new(big.Int).Mul(b, zaInv), p)),
	}
	return c
}

// rhs is x³ - 3x + b, the curve equation's right-hand side.
func (c *curve) rhs(x *bigmod.Nat) *bigmod.Nat {
	f := c.p
	x3 := f.mul(f.mul(x, x), x)
	threeX := f.add(f.add(x, x), x)
	return f.add(f.sub(x3, threeX), c.b)
}

// isSquare is 1 when v is a square modulo p (zero included), by Euler's
// criterion: v^((p-1)/2) is p-1 exactly for non-squares. The exponentiation
// is constant time, which is what 12.4.4.2.2 asks of the test.
func (c *curve) isSquare(v *bigmod.Nat) int {
	return 1 - int(c.p.exp(v, c.legendre).IsMinusOne(c.p.m))
}

// point makes the curve point (x, y); nistec refuses coordinates at or above
// p and points off the curve.
func (c *curve) point(x, y []byte) (*nistec.P256Point, error) {
	enc := make([]byte, 0, 1+len(x)+len(y))
	enc = append(append(append(enc, 4), x...), y...)
	return nistec.NewP256Point().SetBytes(enc)
}

// errElement is the fault of an element that is not a valid group member.
var errElement = errors.New("element is not a point of the group")

// elementBytes is the SAE encoding of a point: x || y, each as long as p
// (12.4.7.2.4); the point at infinity has none and is refused.
func elementBytes(pt *nistec.P256Point) ([]byte, error) {
	if pt.IsInfinity() == 1 {
		return nil, errElement
	}
	return pt.Bytes()[1:], nil
}
