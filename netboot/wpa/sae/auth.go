package sae

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
)

// Config is what a station needs for one SAE authentication.
type Config struct {
	Password   []byte
	Identifier []byte // sae_password_id; empty for none
	SSID       []byte // for hash-to-element
	Own, AP    net.HardwareAddr
	// H2E chooses hash-to-element (wpa_supplicant's sae_pwe=1, or 2 with an
	// access point whose RSNXE says it supports it); hunting-and-pecking
	// otherwise.
	H2E bool
	// Groups are the groups to propose, in order, each after the access
	// point refused the one before (wpa_supplicant's sae_groups); nil for
	// DefaultGroups.
	Groups []int
	Rand   io.Reader // crypto/rand.Reader outside tests
}

// Auth is the station's side of one SAE authentication (12.4.8, the
// parent/protocol-instance state machine reduced to what a station needs):
// Start gives the commit to send, Receive turns each frame from the access
// point into the next one to send, until Keys are ready.
type Auth struct {
	cfg     Config
	groups  []*Group
	next    int    // index in groups of the group after the current one
	refused []byte // the groups refused so far, as the Rejected Groups element lists them
	ex      *Exchange
	token   []byte
	sc      uint16
	last    Frame
	state   authState
}

type authState int

const (
	committed authState = iota // commit sent, waiting for the AP's
	confirmed                  // confirm sent, waiting for the AP's
	accepted                   // the AP's confirm verified
)

// Errors of the exchange's order.
var (
	// ErrUnexpected is a frame the state does not allow, such as a confirm
	// before any commit; the caller may ignore it and wait on.
	ErrUnexpected = errors.New("sae frame out of order")
	// ErrModeMismatch is a hunting-and-pecking commit (status 0) in answer
	// to our hash-to-element one. The reverse, status 126 in answer to
	// hunting-and-pecking, is a *StatusError matching ErrH2ERequired.
	ErrModeMismatch = errors.New("access point answered in the other password element method")
)

// maxIdentifier is the longest password identifier an element can carry.
const maxIdentifier = 253

// NewAuth derives the password element of the first group and draws the
// commit.
func NewAuth(cfg Config) (*Auth, error) {
	if len(cfg.Identifier) > maxIdentifier {
		return nil, fmt.Errorf("sae password identifier of %d bytes, at most %d", len(cfg.Identifier), maxIdentifier)
	}
	ids := cfg.Groups
	if len(ids) == 0 {
		ids = DefaultGroups
	}
	a := &Auth{cfg: cfg}
	for _, id := range ids {
		g, err := LookupGroup(id)
		if err != nil {
			return nil, fmt.Errorf("sae groups: %w", err)
		}
		a.groups = append(a.groups, g)
	}
	return a, a.beginNext()
}

// beginNext starts over in the next group: a new password element and
// commit, no token (an anti-clogging token answers one commit).
func (a *Auth) beginNext() error {
	g := a.groups[a.next]
	pwe, err := passwordElement(g, a.cfg)
	if err != nil {
		return fmt.Errorf("sae password element in group %s: %w", g, err)
	}
	ex, err := NewExchange(pwe, a.cfg.Rand)
	if err != nil {
		return err
	}
	if a.cfg.H2E && len(a.refused) > 0 {
		// With hash-to-element the rejected groups salt the keyseed, so a
		// downgrade by forged refusals breaks the exchange (12.4.5.4).
		ex.salt = clone(a.refused)
	}
	a.ex, a.token, a.next = ex, nil, a.next+1
	a.last = a.commitFrame()
	return nil
}

func passwordElement(g *Group, cfg Config) (*Element, error) {
	if !cfg.H2E {
		return HuntAndPeck(g, cfg.Password, cfg.Identifier, cfg.Own, cfg.AP)
	}
	pt, err := DerivePT(g, cfg.SSID, cfg.Password, cfg.Identifier)
	if err != nil {
		return nil, err
	}
	return pt.PWE(cfg.Own, cfg.AP)
}

// Group is the group of the exchange under way.
func (a *Auth) Group() *Group { return a.ex.group }

// Start is the commit to send first, and Last the frame to send again when
// the access point's answer is late (12.4.8.6: retransmission on timeout).
func (a *Auth) Start() Frame { return a.last }

// Last is the last frame sent, to retransmit.
func (a *Auth) Last() Frame { return a.last }

// Done reports whether the access point's confirm verified.
func (a *Auth) Done() bool { return a.state == accepted }

// Keys are the PMK and PMKID, once Done.
func (a *Auth) Keys() (pmk, pmkid []byte) {
	if !a.Done() {
		return nil, nil
	}
	return a.ex.Keys()
}

func (a *Auth) commitStatus() uint16 {
	if a.cfg.H2E {
		return StatusHashToElement
	}
	return StatusSuccess
}

func (a *Auth) commitFrame() Frame {
	body := commitBody(a.ex.group.ID, a.ex.Commit(), a.token, a.cfg.Identifier, a.refused, a.cfg.H2E)
	return Frame{Transaction: seqCommit, Status: a.commitStatus(), Body: body}
}

// Receive handles one SAE frame from the access point and returns the frame
// to send next; reply is nil when there is none (after the access point's
// confirm, or for a frame to ignore, with ErrUnexpected).
func (a *Auth) Receive(f Frame) (reply *Frame, err error) {
	switch f.Transaction {
	case seqCommit:
		return a.receiveCommit(f)
	case seqConfirm:
		return nil, a.receiveConfirm(f)
	}
	return nil, fmt.Errorf("sae transaction %d: %w", f.Transaction, ErrUnexpected)
}

func (a *Auth) receiveCommit(f Frame) (*Frame, error) {
	switch {
	case f.Status == StatusAntiCloggingRequired && a.state == committed:
		// 12.4.6: send the same commit again with the token.
		token, err := ParseTokenRequest(f.Body, a.ex.group.ID, a.cfg.H2E)
		if err != nil {
			return nil, err
		}
		a.token = token
		a.last = a.commitFrame()
		return &a.last, nil
	case f.Status == StatusUnsupportedGroup && a.state == committed:
		return a.groupRefused(f)
	case f.Status == StatusSuccess && a.cfg.H2E:
		return nil, ErrModeMismatch
	case f.Status != a.commitStatus():
		return nil, &StatusError{Transaction: seqCommit, Status: f.Status}
	case a.state == confirmed:
		// The access point did not get our confirm and repeats its commit:
		// confirm again with the counter raised (12.4.8.6.5).
		return a.confirmFrame(), nil
	case a.state != committed:
		return nil, fmt.Errorf("sae commit after the exchange ended: %w", ErrUnexpected)
	}
	peer, err := ParseCommit(f.Body)
	if err != nil {
		return nil, err
	}
	if int(peer.Group) != a.ex.group.ID {
		return nil, fmt.Errorf("sae commit in group %d, we proposed %d: %w", peer.Group, a.ex.group.ID, ErrUnexpected)
	}
	if err := a.ex.ProcessCommit(peer.Commit); err != nil {
		return nil, err
	}
	a.state = confirmed
	return a.confirmFrame(), nil
}

func (a *Auth) confirmFrame() *Frame {
	a.sc++
	a.last = Frame{Transaction: seqConfirm, Status: StatusSuccess, Body: confirmBody(a.sc, a.ex.Confirm(a.sc))}
	return &a.last
}

func (a *Auth) receiveConfirm(f Frame) error {
	if a.state != confirmed {
		return fmt.Errorf("sae confirm before our confirm: %w", ErrUnexpected)
	}
	if f.Status != StatusSuccess {
		return &StatusError{Transaction: seqConfirm, Status: f.Status}
	}
	sc, confirm, err := ParseConfirm(f.Body, a.ex.ConfirmLen())
	if err != nil {
		return err
	}
	if err := a.ex.VerifyConfirm(sc, confirm); err != nil {
		return err
	}
	a.state = accepted
	return nil
}

// groupRefused moves on to the next configured group after a status-77
// commit (12.4.8.6.4: the access point does not support the group), as
// wpa_supplicant does; a refusal naming another group than ours is a late
// answer to an earlier commit and is ignored.
func (a *Auth) groupRefused(f Frame) (*Frame, error) {
	if len(f.Body) >= 2 && int(binary.LittleEndian.Uint16(f.Body)) != a.ex.group.ID {
		return nil, fmt.Errorf("sae refusal of group %d, we proposed %d: %w", binary.LittleEndian.Uint16(f.Body), a.ex.group.ID, ErrUnexpected)
	}
	a.refused = binary.LittleEndian.AppendUint16(a.refused, uint16(a.ex.group.ID))
	if a.next == len(a.groups) {
		return nil, &GroupsError{Tried: a.groups}
	}
	if err := a.beginNext(); err != nil {
		return nil, err
	}
	return &a.last, nil
}
