package sae

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net"

	"filippo.io/nistec"

	"github.com/airroot/airroot/netboot/wpa"
)

// huntingIterations is k, the fixed number of hunting-and-pecking rounds:
// 12.4.4.2.2 requires at least 40 whatever round finds the element, so that
// the count does not reveal the password.
const huntingIterations = 40

// errNoElement is hunting-and-pecking failing in all 40 rounds, which
// happens for about one password and address pair in 2^40.
var errNoElement = errors.New("no password element after 40 rounds")

// HuntAndPeck derives the password element of group 19 the original way
// (802.11-2020 12.4.4.2.2). Each round hashes the password (and identifier,
// if any) with the two MAC addresses and a counter into a candidate x; the
// first x on the curve wins. Every round runs, and the first success is kept
// with constant-time selection, so neither time nor branches depend on which
// round found it.
func HuntAndPeck(password, identifier []byte, a, b net.HardwareAddr) (*nistec.P256Point, error) {
	c := p256
	key := addressKey(a, b)
	var x, seed []byte
	x, seed = make([]byte, c.p.size), make([]byte, sha256.Size)
	found := 0
	for counter := 1; counter <= huntingIterations; counter++ {
		s := huntingSeed(key, password, identifier, byte(counter))
		value := wpa.KDFSHA256(s, []byte("SAE Hunting and Pecking"), c.pBytes, 8*c.p.size)
		v, _ := c.p.nat(reduceBelow(value, c.pBytes))
		take := lessThan(value, c.pBytes) & c.isSquare(c.rhs(v)) & (1 - found)
		subtle.ConstantTimeCopy(take, x, value)
		subtle.ConstantTimeCopy(take, seed, s)
		found |= take
	}
	if found == 0 {
		return nil, errNoElement
	}
	xn, _ := c.p.nat(x)
	y := c.p.exp(c.rhs(xn), c.sqrt)
	// The seed's last bit picks which of the two roots is the element.
	yb := c.p.choose(subtle.ConstantTimeByteEq(byte(lsb(seed)), byte(lsb(c.p.bytes(y)))), y, c.p.neg(y))
	return c.point(x, c.p.bytes(yb))
}

// huntingSeed is pwd-seed = HMAC-SHA256(MAX(A,B) || MIN(A,B),
// password || [identifier] || counter).
func huntingSeed(key, password, identifier []byte, counter byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write(password)
	mac.Write(identifier)
	mac.Write([]byte{counter})
	return mac.Sum(nil)
}

// addressKey is MAX(A, B) || MIN(A, B), the addresses in the order both
// peers agree on without knowing who is who.
func addressKey(a, b net.HardwareAddr) []byte {
	if bytes.Compare(a, b) < 0 {
		a, b = b, a
	}
	return append(append([]byte{}, a...), b...)
}

// reduceBelow returns value if it is below m and m-1 otherwise, in
// constant time: a stand-in that keeps the arithmetic of a round running
// when its candidate is out of range and will be discarded anyway.
func reduceBelow(value, m []byte) []byte {
	out := append([]byte{}, m...)
	out[len(out)-1]--
	subtle.ConstantTimeCopy(lessThan(value, m), out, value)
	return out
}
