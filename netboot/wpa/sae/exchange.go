package sae

import (
	"crypto/hmac"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"

	"filippo.io/bigmod"

	"github.com/airroot/airroot/netboot/wpa"
)

// Lengths of the keys SAE yields with AKM 8, whatever the group
// (12.4.5.4: the PMK is 256 bits).
const (
	PMKLen   = 32
	PMKIDLen = 16
)

// Commit is one side's commit: scalar and element, as sent (12.4.5.3).
type Commit struct {
	Scalar  []byte
	Element []byte
}

// Exchange is one SAE exchange seen from one side: its secret rand, its
// commit, and once the peer's commit is in, the keys.
type Exchange struct {
	group *Group
	pwe   *Element
	rand  *bigmod.Nat
	// salt is the keyseed's HKDF salt after hash-to-element when groups
	// were rejected: the rejected groups' numbers (12.4.5.4); nil for zeros.
	salt []byte
	own  Commit
	peer Commit
	kck  []byte
	pmk  []byte
	// pmkid is L(own scalar + peer scalar mod r, 0, 128) (12.4.5.4).
	pmkid []byte
}

// Errors of a peer's commit or confirm; the exchange is over when one is
// returned. Use errors.Is.
var (
	// ErrScalar is a peer scalar outside 1 < scalar < r (12.4.5.4).
	ErrScalar = errors.New("peer scalar out of range")
	// ErrElement is a peer element off the curve or the point at infinity.
	ErrElement = errElement
	// ErrReflection is a peer commit equal to our own: someone sent ours
	// back (12.4.5.4 requires refusing it).
	ErrReflection = errors.New("peer commit reflects ours")
	// ErrWrongPassword is a confirm that does not verify, the peer's here
	// or ours at the peer: the two sides did not use the same password.
	ErrWrongPassword = errors.New("sae confirm does not verify (wrong password)")
)

// NewExchange starts an exchange in pwe's group with the password element
// pwe, drawing rand and mask from rnd (crypto/rand.Reader outside tests).
func NewExchange(pwe *Element, rnd io.Reader) (*Exchange, error) {
	for {
		rand, err := randomScalar(pwe.group, rnd)
		if err != nil {
			return nil, err
		}
		mask, err := randomScalar(pwe.group, rnd)
		if err != nil {
			return nil, err
		}
		e, err := newExchange(pwe, rand, mask)
		if err != errScalarTooSmall {
			return e, err
		}
	}
}

var errScalarTooSmall = errors.New("commit scalar below 2")

// newExchange computes the commit from rand and mask (12.4.5.2):
// scalar = (rand + mask) mod r, element = inverse(mask · PWE).
func newExchange(pwe *Element, rand, mask []byte) (*Exchange, error) {
	r := pwe.group.curve.r
	rn, err := r.nat(rand)
	if err != nil {
		return nil, fmt.Errorf("sae rand: %w", err)
	}
	mn, err := r.nat(mask)
	if err != nil {
		return nil, fmt.Errorf("sae mask: %w", err)
	}
	scalar := r.add(rn, mn)
	if scalar.IsZero() == 1 || scalar.IsOne() == 1 {
		return nil, errScalarTooSmall
	}
	masked, err := pwe.p.mult(mask)
	if err != nil {
		return nil, fmt.Errorf("sae commit element: %w", err)
	}
	element, err := elementBytes(masked.negate())
	if err != nil {
		return nil, fmt.Errorf("sae commit element: %w", err)
	}
	own := Commit{Scalar: r.bytes(scalar), Element: element}
	return &Exchange{group: pwe.group, pwe: pwe, rand: rn, own: own}, nil
}

// randomScalar draws 1 < x < r by rejection, which reveals nothing about the
// value kept. Bits above r's length are cleared first, so that P-521's
// 66 bytes are not refused 127 times in 128.
func randomScalar(g *Group, rnd io.Reader) ([]byte, error) {
	r := g.curve.r
	b := make([]byte, r.size)
	for {
		if _, err := io.ReadFull(rnd, b); err != nil {
			return nil, fmt.Errorf("sae random scalar: %w", err)
		}
		b[0] &= 0xff >> (8*r.size - r.m.BitLen())
		n, err := r.nat(b)
		if err == nil && n.IsZero() == 0 && n.IsOne() == 0 {
			return b, nil
		}
	}
}

// Commit is our commit, to send.
func (e *Exchange) Commit() Commit { return e.own }

// ProcessCommit checks the peer's commit and derives the keys (12.4.5.4):
// K = rand · (peer scalar · PWE + peer element), k = x(K),
// keyseed = HMAC-Hash(salt, k), KCK || PMK = KDF-Hash-Length(keyseed,
// "SAE KCK and PMK", (scalar + peer scalar) mod r), the KCK as long as the
// hash. Hash is the password element's (SHA-256 after hunting-and-pecking),
// the salt zeros unless hash-to-element rejected groups.
func (e *Exchange) ProcessCommit(peer Commit) error {
	g, r := e.group, e.group.curve.r
	if len(peer.Scalar) != g.ScalarLen() {
		return ErrScalar
	}
	ps, err := r.nat(peer.Scalar)
	if err != nil || ps.IsZero() == 1 || ps.IsOne() == 1 {
		return ErrScalar
	}
	if len(peer.Element) != g.ElementLen() {
		return ErrElement
	}
	half := g.ElementLen() / 2
	pe, err := g.point(peer.Element[:half], peer.Element[half:])
	if err != nil {
		return ErrElement
	}
	if hmac.Equal(peer.Scalar, e.own.Scalar) && hmac.Equal(peer.Element, e.own.Element) {
		return ErrReflection
	}
	k, err := e.sharedSecret(peer.Scalar, pe)
	if err != nil {
		return err
	}
	h := e.pwe.kdf
	hashLen := h().Size()
	salt := e.salt
	if salt == nil {
		salt = make([]byte, hashLen)
	}
	keyseed := hmacHash(h, salt, k)
	own, _ := r.nat(e.own.Scalar)
	context := r.bytes(r.add(own, ps))
	keys := wpa.KDF(h, keyseed, []byte("SAE KCK and PMK"), context, 8*(hashLen+PMKLen))
	e.peer = Commit{Scalar: clone(peer.Scalar), Element: clone(peer.Element)}
	e.kck, e.pmk, e.pmkid = keys[:hashLen], keys[hashLen:], context[:PMKIDLen]
	return nil
}

// sharedSecret is x(rand · (peer scalar · PWE + peer element)); the point at
// infinity is refused, as it would make k public.
func (e *Exchange) sharedSecret(peerScalar []byte, peerElement point) ([]byte, error) {
	t, err := e.pwe.p.mult(peerScalar)
	if err != nil {
		return nil, fmt.Errorf("sae shared secret: %w", err)
	}
	k, err := t.add(peerElement).mult(e.group.curve.r.bytes(e.rand))
	if err != nil {
		return nil, fmt.Errorf("sae shared secret: %w", err)
	}
	x, err := k.x()
	if err != nil {
		return nil, ErrElement
	}
	return x, nil
}

// Confirm is our confirm with send-confirm counter sc (12.4.5.5):
// CN(KCK, sc, scalar, ELEMENT, peer scalar, PEER ELEMENT), CN being
// HMAC-Hash over the concatenation, with the hash of ProcessCommit.
// It is nil before ProcessCommit succeeded.
func (e *Exchange) Confirm(sc uint16) []byte {
	if e.kck == nil {
		return nil
	}
	return confirm(e.pwe.kdf, e.kck, sc, e.own, e.peer)
}

// ConfirmLen is the length of a confirm, that of the exchange's hash.
func (e *Exchange) ConfirmLen() int { return e.pwe.kdf().Size() }

// VerifyConfirm checks the peer's confirm: the same HMAC with the roles
// swapped, compared in constant time.
func (e *Exchange) VerifyConfirm(sc uint16, got []byte) error {
	if e.kck == nil || subtle.ConstantTimeCompare(confirm(e.pwe.kdf, e.kck, sc, e.peer, e.own), got) != 1 {
		return ErrWrongPassword
	}
	return nil
}

func confirm(h func() hash.Hash, kck []byte, sc uint16, first, second Commit) []byte {
	mac := hmac.New(h, kck)
	mac.Write(binary.LittleEndian.AppendUint16(nil, sc))
	mac.Write(first.Scalar)
	mac.Write(first.Element)
	mac.Write(second.Scalar)
	mac.Write(second.Element)
	return mac.Sum(nil)
}

// Keys are the PMK and PMKID for the 4-way handshake, nil before
// ProcessCommit succeeded. The caller uses them only once the peer's
// confirm has verified.
func (e *Exchange) Keys() (pmk, pmkid []byte) { return e.pmk, e.pmkid }

func hmacHash(h func() hash.Hash, key, data []byte) []byte {
	mac := hmac.New(h, key)
	mac.Write(data)
	return mac.Sum(nil)
}

func clone(b []byte) []byte { return append([]byte{}, b...) }
