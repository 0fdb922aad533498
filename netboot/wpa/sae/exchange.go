package sae

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"filippo.io/bigmod"
	"filippo.io/nistec"

	"github.com/airroot/airroot/netboot/wpa"
)

// Lengths of group 19's values on the air and of the keys SAE yields.
const (
	ScalarLen  = 32
	ElementLen = 64
	ConfirmLen = sha256.Size
	PMKLen     = 32
	PMKIDLen   = 16
)

// Commit is one side's commit: scalar and element, as sent (12.4.5.3).
type Commit struct {
	Scalar  []byte
	Element []byte
}

// Exchange is one SAE exchange seen from one side: its secret rand, its
// commit, and once the peer's commit is in, the keys.
type Exchange struct {
	pwe  *nistec.P256Point
	rand *bigmod.Nat
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

// NewExchange starts an exchange with the password element pwe, drawing rand
// and mask from rnd (crypto/rand.Reader outside tests).
func NewExchange(pwe *nistec.P256Point, rnd io.Reader) (*Exchange, error) {
	for {
		rand, err := randomScalar(rnd)
		if err != nil {
			return nil, err
		}
		mask, err := randomScalar(rnd)
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
func newExchange(pwe *nistec.P256Point, rand, mask []byte) (*Exchange, error) {
	r := p256.r
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
	masked, err := nistec.NewP256Point().ScalarMult(pwe, mask)
	if err != nil {
		return nil, fmt.Errorf("sae commit element: %w", err)
	}
	element, err := elementBytes(masked.Negate(masked))
	if err != nil {
		return nil, fmt.Errorf("sae commit element: %w", err)
	}
	return &Exchange{pwe: pwe, rand: rn, own: Commit{Scalar: r.bytes(scalar), Element: element}}, nil
}

// randomScalar draws 1 < x < r by rejection, which reveals nothing about the
// value kept.
func randomScalar(rnd io.Reader) ([]byte, error) {
	b := make([]byte, ScalarLen)
	for {
		if _, err := io.ReadFull(rnd, b); err != nil {
			return nil, fmt.Errorf("sae random scalar: %w", err)
		}
		n, err := p256.r.nat(b)
		if err == nil && n.IsZero() == 0 && n.IsOne() == 0 {
			return b, nil
		}
	}
}

// Commit is our commit, to send.
func (e *Exchange) Commit() Commit { return e.own }

// ProcessCommit checks the peer's commit and derives the keys (12.4.5.4):
// K = rand · (peer scalar · PWE + peer element), k = x(K),
// keyseed = HMAC-SHA256(0³², k), KCK || PMK = KDF-512(keyseed,
// "SAE KCK and PMK", (scalar + peer scalar) mod r).
func (e *Exchange) ProcessCommit(peer Commit) error {
	r := p256.r
	if len(peer.Scalar) != ScalarLen {
		return ErrScalar
	}
	ps, err := r.nat(peer.Scalar)
	if err != nil || ps.IsZero() == 1 || ps.IsOne() == 1 {
		return ErrScalar
	}
	if len(peer.Element) != ElementLen {
		return ErrElement
	}
	pe, err := p256.point(peer.Element[:ElementLen/2], peer.Element[ElementLen/2:])
	if err != nil || pe.IsInfinity() == 1 {
		return ErrElement
	}
	if hmac.Equal(peer.Scalar, e.own.Scalar) && hmac.Equal(peer.Element, e.own.Element) {
		return ErrReflection
	}
	k, err := e.sharedSecret(peer.Scalar, pe)
	if err != nil {
		return err
	}
	keyseed := hmacSHA256(make([]byte, sha256.Size), k)
	own, _ := r.nat(e.own.Scalar)
	context := r.bytes(r.add(own, ps))
	keys := wpa.KDFSHA256(keyseed, []byte("SAE KCK and PMK"), context, 8*(sha256.Size+PMKLen))
	e.peer = Commit{Scalar: clone(peer.Scalar), Element: clone(peer.Element)}
	e.kck, e.pmk, e.pmkid = keys[:sha256.Size], keys[sha256.Size:], context[:PMKIDLen]
	return nil
}

// sharedSecret is x(rand · (peer scalar · PWE + peer element)); the point at
// infinity is refused, as it would make k public.
func (e *Exchange) sharedSecret(peerScalar []byte, peerElement *nistec.P256Point) ([]byte, error) {
	t, err := nistec.NewP256Point().ScalarMult(e.pwe, peerScalar)
	if err != nil {
		return nil, fmt.Errorf("sae shared secret: %w", err)
	}
	t.Add(t, peerElement)
	k, err := nistec.NewP256Point().ScalarMult(t, p256.r.bytes(e.rand))
	if err != nil {
		return nil, fmt.Errorf("sae shared secret: %w", err)
	}
	x, err := k.BytesX()
	if err != nil {
		return nil, ErrElement
	}
	return x, nil
}

// Confirm is our confirm with send-confirm counter sc (12.4.5.5):
// CN(KCK, sc, scalar, ELEMENT, peer scalar, PEER ELEMENT), CN being
// HMAC-SHA256 over the concatenation.
// It is nil before ProcessCommit succeeded.
func (e *Exchange) Confirm(sc uint16) []byte {
	if e.kck == nil {
		return nil
	}
	return confirm(e.kck, sc, e.own, e.peer)
}

// VerifyConfirm checks the peer's confirm: the same HMAC with the roles
// swapped, compared in constant time.
func (e *Exchange) VerifyConfirm(sc uint16, got []byte) error {
	if e.kck == nil || subtle.ConstantTimeCompare(confirm(e.kck, sc, e.peer, e.own), got) != 1 {
		return ErrWrongPassword
	}
	return nil
}

func confirm(kck []byte, sc uint16, first, second Commit) []byte {
	mac := hmac.New(sha256.New, kck)
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

func hmacSHA256(key, data []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write(data)
	return mac.Sum(nil)
}

func clone(b []byte) []byte { return append([]byte{}, b...) }
