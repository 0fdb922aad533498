package sae

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net"

	"github.com/airroot/airroot/netboot/wpa"
)

// huntingIterations is k, the fixed number of hunting-and-pecking rounds:
// 12.4.4.2.2 requires at least 40 whatever round finds the element, so that
// the count does not reveal the password.
const huntingIterations = 40

// errNoElement is hunting-and-pecking failing in all 40 rounds, which
// happens for about one password and address pair in 2^40.
var errNoElement = errors.New("no password element after 40 rounds")

// HuntAndPeck derives the password element of group g the original way
// (802.11-2020 12.4.4.2.2). Each round hashes the password (and identifier,
// if any) with the two MAC addresses and a counter into a candidate x; the
// first x on the curve wins. Every round runs, and the first success is kept
// with constant-time selection, so neither time nor branches depend on which
// round found it. The hash is SHA-256 in every group, as in 802.11-2016 and
// in hostapd and wpa_supplicant; the exchange it starts keeps SHA-256 too.
func HuntAndPeck(g *Group, password, identifier []byte, a, b net.HardwareAddr) (*Element, error) {
	c := g.curve
	key := addressKey(a, b)
	x, seed := make([]byte, c.p.size), make([]byte, sha256.Size)
	found := 0
	for counter := 1; counter <= huntingIterations; counter++ {
		s := huntingSeed(key, password, identifier, byte(counter))
		value := c.huntingValue(s)
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
	pt, err := g.point(x, c.p.bytes(yb))
	if err != nil {
		return nil, err
	}
	return &Element{group: g, p: pt, kdf: sha256.New}, nil
}

// huntingValue is pwd-value = KDF-SHA-256-len(p)(pwd-seed, "SAE Hunting and
// Pecking", p): as many bits as p has, read as a number, so for P-521 the
// 521 leading bits of 66 bytes, shifted right into place (as hostapd does).
func (c *curve) huntingValue(seed []byte) []byte {
	value := wpa.KDF(sha256.New, seed, []byte("SAE Hunting and Pecking"), c.pBytes, c.pBits)
	if shift := 8*len(value) - c.pBits; shift > 0 {
		for i := len(value) - 1; i >= 0; i-- {
			value[i] >>= shift
			if i > 0 {
				value[i] |= value[i-1] << (8 - shift)
			}
		}
	}
	return value
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
