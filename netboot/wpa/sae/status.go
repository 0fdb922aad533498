package sae

import (
	"errors"
	"fmt"
	"strings"
)

// Status codes an access point answers an SAE frame with (802.11-2020
// 9.4.1.9, Table 9-50), those that mean something to a station.
const (
	StatusSuccess                   = 0
	StatusUnspecified               = 1
	StatusChallengeFailure          = 15
	StatusAntiCloggingRequired      = 76
	StatusUnsupportedGroup          = 77
	StatusUnknownPasswordIdentifier = 123
	StatusHashToElement             = 126
)

// Errors for the refusals a person can act on; a *StatusError matches the
// one of its code with errors.Is.
var (
	// ErrUnsupportedGroup is status 77: the access point does not offer
	// the group proposed. Auth tries the next configured group first; a
	// *GroupsError matching it ends the exchange when none is left.
	ErrUnsupportedGroup = errors.New("access point refuses the SAE group")
	// ErrH2ERequired is status 126 in answer to a hunting-and-pecking
	// commit: the access point accepts only hash-to-element (sae_pwe=1).
	ErrH2ERequired = errors.New("access point requires hash-to-element (set sae_pwe=1 or 2)")
	// ErrUnknownPasswordID is status 123: the access point has no password
	// under the sae_password_id given.
	ErrUnknownPasswordID = errors.New("access point knows no password with this identifier")
)

// StatusError is an SAE frame from the access point carrying a status
// that ends the exchange.
type StatusError struct {
	Transaction uint16 // 1 commit, 2 confirm
	Status      uint16
}

func (e *StatusError) Error() string {
	what := map[uint16]string{1: "commit", 2: "confirm"}[e.Transaction]
	if what == "" {
		what = fmt.Sprintf("frame %d", e.Transaction)
	}
	if s := e.sentinel(); s != nil {
		return fmt.Sprintf("sae %s refused with status %d: %v", what, e.Status, s)
	}
	return fmt.Sprintf("sae %s refused with status %d", what, e.Status)
}

func (e *StatusError) sentinel() error {
	if e.Transaction == seqConfirm && (e.Status == StatusUnspecified || e.Status == StatusChallengeFailure) {
		// The access point could not verify our confirm: hostapd answers
		// 15 (challenge failure), and 1 before version 2.11.
		return ErrWrongPassword
	}
	switch e.Status {
	case StatusUnsupportedGroup:
		return ErrUnsupportedGroup
	case StatusHashToElement:
		return ErrH2ERequired
	case StatusUnknownPasswordIdentifier:
		return ErrUnknownPasswordID
	}
	return nil
}

// Is matches the sentinel error of the status, if it has one.
func (e *StatusError) Is(target error) bool {
	s := e.sentinel()
	return s != nil && s == target
}

// GroupsError is every configured group refused with status 77. It
// matches ErrUnsupportedGroup with errors.Is.
type GroupsError struct {
	Tried []*Group
}

func (e *GroupsError) Error() string {
	names := make([]string, len(e.Tried))
	for i, g := range e.Tried {
		names[i] = g.String()
	}
	msg := fmt.Sprintf("access point refuses SAE group %s", strings.Join(names, ", "))
	if len(e.Tried) < len(DefaultGroups) {
		return msg + "; set sae_groups= in wpa_supplicant.conf to include its group (airroot speaks 19 20 21, the default)"
	}
	return msg + ", all airroot speaks; the access point must offer one of them (sae_groups= in hostapd.conf)"
}

// Is matches ErrUnsupportedGroup.
func (e *GroupsError) Is(target error) bool { return target == ErrUnsupportedGroup }
