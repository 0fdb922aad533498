package sae

import (
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"sync"

	"filippo.io/bigmod"
	"filippo.io/nistec"
)

// IANA numbers of the ECC groups this package speaks (802.11-2020 12.4.4.2.1
// refers to the IANA "Group Description" registry).
const (
	Group19 = 19 // 256-bit random ECP group, NIST P-256
	Group20 = 20 // 384-bit random ECP group, NIST P-384
	Group21 = 21 // 521-bit random ECP group, NIST P-521
)

// DefaultGroups are the groups a station proposes, in order, when the
// configuration names none: wpa_supplicant's sae_groups default (19 20 21),
// P-256 first as every WPA3 device supports it and it is the cheapest.
var DefaultGroups = []int{Group19, Group20, Group21}

// Group is one ECC group SAE runs on: the curve, its hash, its lengths.
type Group struct {
	ID   int
	Name string // "P-256"
	// hash is the group's hash for hash-to-element, the keys derived from
	// an H2E exchange and its confirm: SHA-256 up to 256-bit primes,
	// SHA-384 up to 384, SHA-512 above (802.11-2020 12.4.2, Table 12-1).
	hash  func() hash.Hash
	curve *curve
	// newPoint is the point at infinity of the nistec type of the curve.
	newPoint func() point
}

// ErrGroup is a group number this package does not speak.
var ErrGroup = errors.New("sae group not supported (airroot speaks 19, 20 and 21)")

// groups are made on first use, not at package init: their constants take
// milliseconds of big-number work on a slow board, and every start of the
// /init binary (PID 1, the keeper's supervisor and worker, each modprobe
// helper) would pay them, SAE or not.
var groups = sync.OnceValue(func() map[int]*Group {
	return map[int]*Group{
		Group19: {ID: Group19, Name: "P-256", hash: sha256.New, curve: newCurve(elliptic.P256().Params(), -10),
			newPoint: func() point { return nistPoint[*nistec.P256Point]{nistec.NewP256Point(), nistec.NewP256Point} }},
		Group20: {ID: Group20, Name: "P-384", hash: sha512.New384, curve: newCurve(elliptic.P384().Params(), -12),
			newPoint: func() point { return nistPoint[*nistec.P384Point]{nistec.NewP384Point(), nistec.NewP384Point} }},
		Group21: {ID: Group21, Name: "P-521", hash: sha512.New, curve: newCurve(elliptic.P521().Params(), -4),
			newPoint: func() point { return nistPoint[*nistec.P521Point]{nistec.NewP521Point(), nistec.NewP521Point} }},
	}
})

// LookupGroup returns the group numbered id.
func LookupGroup(id int) (*Group, error) {
	g, ok := groups()[id]
	if !ok {
		return nil, fmt.Errorf("group %d: %w", id, ErrGroup)
	}
	return g, nil
}

// String is "19 (P-256)".
func (g *Group) String() string { return fmt.Sprintf("%d (%s)", g.ID, g.Name) }

// ScalarLen is the length of a scalar on the air, that of the order r.
func (g *Group) ScalarLen() int { return g.curve.r.size }

// ElementLen is the length of an element on the air: x || y, each as long
// as the prime p (12.4.7.2.4).
func (g *Group) ElementLen() int { return 2 * g.curve.p.size }

// hashLen is the length of the group's hash.
func (g *Group) hashLen() int { return g.hash().Size() }

// curve holds y² = x³ - 3x + b over GF(p) with prime order r (FIPS 186-4
// D.1.2), as SAE uses it, and the exponents its formulas need. All three
// primes are 3 mod 4, so one square root is a single exponentiation.
type curve struct {
	p, r       field
	pBytes     []byte
	pBits      int
	b          *bigmod.Nat
	legendre   []byte // (p-1)/2: v^legendre is 1, 0 or p-1 (Euler's criterion)
	sqrt       []byte // (p+1)/4: a square root, as p ≡ 3 mod 4
	inverse    []byte // p-2: v^(p-2) = 1/v (Fermat)
	orderMinus *big.Int
	chunkShift *bigmod.Nat // 2^(8·(size-1)) mod p, for reducing wider values
	sswu       sswuConstants
}

// sswuConstants are the fixed values of the simplified SWU map with the
// curve's Z (RFC 9380 8.2-8.4: -10 for P-256, -12 for P-384, -4 for P-521;
// 802.11-2020 Table 12-1 uses the same).
type sswuConstants struct {
	z, minusBOverA, bOverZA *bigmod.Nat
}

func newCurve(params *elliptic.CurveParams, z int64) *curve {
	p, r, b := params.P, params.N, params.B
	c := &curve{p: newField(p), r: newField(r), pBits: p.BitLen()}
	c.pBytes = p.FillBytes(make([]byte, c.p.size))
	c.b = c.p.constant(b)
	one := big.NewInt(1)
	c.legendre = new(big.Int).Rsh(new(big.Int).Sub(p, one), 1).Bytes()
	c.sqrt = new(big.Int).Rsh(new(big.Int).Add(p, one), 2).Bytes()
	c.inverse = new(big.Int).Sub(p, big.NewInt(2)).Bytes()
	c.orderMinus = new(big.Int).Sub(r, one)
	c.chunkShift = c.p.constant(new(big.Int).Lsh(one, uint(8*(c.p.size-1))))

	a := new(big.Int).Sub(p, big.NewInt(3))
	zn := new(big.Int).Add(p, big.NewInt(z))
	aInv := new(big.Int).ModInverse(a, p)
	zaInv := new(big.Int).ModInverse(new(big.Int).Mul(zn, a), p)
	minusBOverA := new(big.Int).Mod(new(big.Int).Neg(new(big.Int).Mul(b, aInv)), p)
	c.sswu = sswuConstants{
		z:           c.p.constant(zn),
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

// wideReduce reduces a big-endian value of any length modulo p in constant
// time, by Horner's rule over chunks one byte shorter than p, each of which
// is below p (the hash-to-element values are 1.5 times p's length).
func (c *curve) wideReduce(value []byte) *bigmod.Nat {
	f, chunk := c.p, c.p.size-1
	acc := bigmod.NewNat().ExpandFor(f.m)
	first := len(value) % chunk
	if first == 0 {
		first = chunk
	}
	for start, end := 0, first; start < len(value); start, end = end, end+chunk {
		n, _ := f.nat(value[start:end])
		acc = f.add(f.mul(acc, c.chunkShift), n)
	}
	return acc
}
