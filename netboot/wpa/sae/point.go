package sae

import (
	"errors"
	"hash"
)

// point is the arithmetic SAE does on curve points, over whichever nistec
// type holds them; every operation is nistec's, in constant time.
type point interface {
	add(q point) point
	mult(scalar []byte) (point, error)
	negate() point
	setBytes(uncompressed []byte) (point, error)
	bytes() []byte // 04 || x || y, or 00 for the point at infinity
	x() ([]byte, error)
}

// nistecPoint is the method set nistec's P256Point, P384Point and
// P521Point share.
type nistecPoint[P any] interface {
	Add(p1, p2 P) P
	ScalarMult(q P, scalar []byte) (P, error)
	Negate(q P) P
	SetBytes(b []byte) (P, error)
	Bytes() []byte
	BytesX() ([]byte, error)
}

// nistPoint adapts a nistec point type to point. Each result gets a fresh
// receiver from newP, as nistec points must be made by their constructors.
type nistPoint[P nistecPoint[P]] struct {
	p    P
	newP func() P
}

func (a nistPoint[P]) wrap(p P) nistPoint[P] { return nistPoint[P]{p, a.newP} }

func (a nistPoint[P]) add(q point) point {
	return a.wrap(a.newP().Add(a.p, q.(nistPoint[P]).p))
}

func (a nistPoint[P]) mult(scalar []byte) (point, error) {
	r, err := a.newP().ScalarMult(a.p, scalar)
	if err != nil {
		return nil, err
	}
	return a.wrap(r), nil
}

func (a nistPoint[P]) negate() point { return a.wrap(a.newP().Negate(a.p)) }

func (a nistPoint[P]) setBytes(b []byte) (point, error) {
	r, err := a.newP().SetBytes(b)
	if err != nil {
		return nil, err
	}
	return a.wrap(r), nil
}

func (a nistPoint[P]) bytes() []byte      { return a.p.Bytes() }
func (a nistPoint[P]) x() ([]byte, error) { return a.p.BytesX() }

// Element is a point of one SAE group: a password element, or the element
// of a commit.
type Element struct {
	group *Group
	p     point
	// kdf is the hash of the exchange a password element starts: SHA-256
	// after hunting-and-pecking whatever the group (the 802.11-2016
	// derivation hostapd and wpa_supplicant keep), the group's hash after
	// hash-to-element (802.11-2020 12.4.5.4).
	kdf func() hash.Hash
}

// Group is the element's group.
func (e *Element) Group() *Group { return e.group }

// errElement is the fault of an element that is not a valid group member.
var errElement = errors.New("element is not a point of the group")

// point makes the curve point (x, y); nistec refuses coordinates at or above
// p and points off the curve.
func (g *Group) point(x, y []byte) (point, error) {
	enc := make([]byte, 0, 1+len(x)+len(y))
	enc = append(append(append(enc, 4), x...), y...)
	return g.newPoint().setBytes(enc)
}

// elementBytes is the SAE encoding of a point: x || y, each as long as p
// (12.4.7.2.4); the point at infinity has none and is refused.
func elementBytes(pt point) ([]byte, error) {
	b := pt.bytes()
	if len(b) == 1 {
		return nil, errElement
	}
	return b[1:], nil
}
