package sae

import (
	"crypto/subtle"
	"math/big"

	"filippo.io/bigmod"
)

// field is arithmetic modulo an odd prime in constant time. Every value is a
// fresh *bigmod.Nat: bigmod operates in place, and SAE's formulas read
// clearer as expressions.
type field struct {
	m    *bigmod.Modulus
	size int
}

func newField(n *big.Int) field {
	m, err := bigmod.NewModulus(n.Bytes())
	if err != nil {
		panic("sae: " + err.Error())
	}
	return field{m: m, size: m.Size()}
}

// nat reads b, big-endian and below the modulus, as an element; a value at
// or above it is an error the caller reports.
func (f field) nat(b []byte) (*bigmod.Nat, error) {
	return bigmod.NewNat().SetBytes(b, f.m)
}

// constant is nat for values fixed in the source.
func (f field) constant(n *big.Int) *bigmod.Nat {
	x, err := f.nat(n.FillBytes(make([]byte, f.size)))
	if err != nil {
		panic("sae: constant out of range")
	}
	return x
}

func (f field) clone(a *bigmod.Nat) *bigmod.Nat  { return bigmod.NewNat().Mod(a, f.m) }
func (f field) add(a, b *bigmod.Nat) *bigmod.Nat { return f.clone(a).Add(b, f.m) }
func (f field) sub(a, b *bigmod.Nat) *bigmod.Nat { return f.clone(a).Sub(b, f.m) }
func (f field) mul(a, b *bigmod.Nat) *bigmod.Nat { return f.clone(a).Mul(b, f.m) }
func (f field) neg(a *bigmod.Nat) *bigmod.Nat    { return f.sub(bigmod.NewNat().ExpandFor(f.m), a) }
func (f field) exp(a *bigmod.Nat, e []byte) *bigmod.Nat {
	return bigmod.NewNat().Exp(a, e, f.m)
}
func (f field) bytes(a *bigmod.Nat) []byte { return a.Bytes(f.m) }

// choose returns a when c is 1 and b when c is 0, touching both alike.
func (f field) choose(c int, a, b *bigmod.Nat) *bigmod.Nat {
	out := f.bytes(b)
	subtle.ConstantTimeCopy(c, out, f.bytes(a))
	x, _ := f.nat(out)
	return x
}

// lessThan is 1 when the big-endian b is below the modulus m, in constant
// time: the borrow out of b - m.
func lessThan(b, m []byte) int {
	borrow := 0
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i]) - int(m[i]) - borrow
		borrow = (d >> 8) & 1
	}
	return borrow
}

// lsb is the least significant bit of a big-endian number.
func lsb(b []byte) int { return int(b[len(b)-1] & 1) }
