package sae

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrMalformed is an SAE frame too short or with a broken element.
var ErrMalformed = errors.New("malformed sae frame")

// Authentication algorithm number of SAE (802.11-2020 9.4.1.1).
const authAlgorithmSAE = 3

// Transaction sequence numbers of the two SAE messages (12.4.7.1).
const (
	seqCommit  = 1
	seqConfirm = 2
)

// Element IDs SAE commits carry after scalar and element, all in the
// extension space (element ID 255, then the extension ID; 9.4.2.1).
const (
	elementExtension      = 255
	extPasswordIdentifier = 33
	extRejectedGroups     = 92
	extAntiCloggingToken  = 93
)

// Frame is the SAE part of an authentication frame: what nl80211 takes as
// NL80211_ATTR_SAE_DATA, from the transaction sequence number on.
type Frame struct {
	Transaction uint16
	Status      uint16
	Body        []byte
}

// Bytes encodes f as transaction || status || body, little-endian.
func (f Frame) Bytes() []byte {
	b := binary.LittleEndian.AppendUint16(nil, f.Transaction)
	b = binary.LittleEndian.AppendUint16(b, f.Status)
	return append(b, f.Body...)
}

// mgmtHeaderLen is the 802.11 management frame header (9.3.3.2).
const mgmtHeaderLen = 24

// ParseAuthFrame reads the SAE part of a whole authentication frame, from
// the 802.11 header on, as nl80211 reports the access point's (9.3.3.12).
func ParseAuthFrame(frame []byte) (Frame, error) {
	if len(frame) < mgmtHeaderLen+6 {
		return Frame{}, fmt.Errorf("authentication frame of %d bytes: %w", len(frame), ErrMalformed)
	}
	fixed := frame[mgmtHeaderLen:]
	if alg := binary.LittleEndian.Uint16(fixed); alg != authAlgorithmSAE {
		return Frame{}, fmt.Errorf("authentication algorithm %d, not SAE: %w", alg, ErrMalformed)
	}
	return Frame{
		Transaction: binary.LittleEndian.Uint16(fixed[2:]),
		Status:      binary.LittleEndian.Uint16(fixed[4:]),
		Body:        fixed[6:],
	}, nil
}

// PeerCommit is a commit body as the access point sends it (9.3.3.12,
// Table 9-41): group, scalar, element, then elements this station ignores
// except to check they are well formed.
type PeerCommit struct {
	Group uint16
	Commit
}

// ParseCommit reads a commit body in any group this package speaks; a group
// it does not is an error matching ErrGroup.
func ParseCommit(body []byte) (PeerCommit, error) {
	if len(body) < 2 {
		return PeerCommit{}, fmt.Errorf("sae commit of %d bytes: %w", len(body), ErrMalformed)
	}
	c := PeerCommit{Group: binary.LittleEndian.Uint16(body)}
	g, err := LookupGroup(int(c.Group))
	if err != nil {
		return c, fmt.Errorf("sae commit: %w", err)
	}
	scalarEnd := 2 + g.ScalarLen()
	fixed := scalarEnd + g.ElementLen()
	if len(body) < fixed {
		return c, fmt.Errorf("sae commit of %d bytes, want %d: %w", len(body), fixed, ErrMalformed)
	}
	if _, err := extensionElement(body[fixed:], 0); err != nil {
		return c, err
	}
	c.Scalar = clone(body[2:scalarEnd])
	c.Element = clone(body[scalarEnd:fixed])
	return c, nil
}

// ParseTokenRequest reads the anti-clogging token from a status-76 commit
// (12.4.6): the group, which must be the one we proposed, then the token
// itself for hunting-and-pecking or an Anti-Clogging Token Container
// element for hash-to-element.
func ParseTokenRequest(body []byte, group int, h2e bool) (token []byte, err error) {
	if len(body) < 2 {
		return nil, fmt.Errorf("sae anti-clogging request of %d bytes: %w", len(body), ErrMalformed)
	}
	if got := int(binary.LittleEndian.Uint16(body)); got != group {
		return nil, fmt.Errorf("sae anti-clogging request for group %d, we proposed %d: %w", got, group, ErrMalformed)
	}
	rest := body[2:]
	if h2e {
		rest, err = extensionElement(rest, extAntiCloggingToken)
		if err == nil && rest == nil {
			err = fmt.Errorf("sae anti-clogging request without a token container: %w", ErrMalformed)
		}
	}
	if err == nil && len(rest) == 0 {
		err = fmt.Errorf("sae anti-clogging request with an empty token: %w", ErrMalformed)
	}
	return clone(rest), err
}

// extensionElement walks a run of elements, refusing a truncated one, and
// returns the body of the last extension element with ID want (nil if none;
// want 0 only checks the run).
func extensionElement(b []byte, want byte) ([]byte, error) {
	var found []byte
	for len(b) > 0 {
		if len(b) < 2 || len(b) < 2+int(b[1]) {
			return nil, fmt.Errorf("sae element truncated: %w", ErrMalformed)
		}
		body := b[2 : 2+int(b[1])]
		if b[0] == elementExtension && len(body) > 0 && body[0] == want && want != 0 {
			found = body[1:]
		}
		b = b[2+int(b[1]):]
	}
	return found, nil
}

// ParseConfirm reads a confirm body: send-confirm counter, then the
// confirm of confirmLen bytes, the exchange's hash length (9.3.3.12,
// Table 9-42).
func ParseConfirm(body []byte, confirmLen int) (sc uint16, confirm []byte, err error) {
	if confirmLen <= 0 || len(body) != 2+confirmLen {
		return 0, nil, fmt.Errorf("sae confirm of %d bytes, want %d: %w", len(body), 2+confirmLen, ErrMalformed)
	}
	return binary.LittleEndian.Uint16(body), clone(body[2:]), nil
}

// commitBody is our commit in group (12.4.7.2): group, the anti-clogging
// token before the scalar for hunting-and-pecking, scalar, element, the
// password identifier, and for hash-to-element the groups the access point
// rejected before (the Rejected Groups element, which lets it detect a
// downgrade) and the token in its container at the end.
func commitBody(group int, c Commit, token, identifier, rejected []byte, h2e bool) []byte {
	b := binary.LittleEndian.AppendUint16(nil, uint16(group))
	if !h2e {
		b = append(b, token...)
	}
	b = append(append(b, c.Scalar...), c.Element...)
	if len(identifier) > 0 {
		b = appendExtension(b, extPasswordIdentifier, identifier)
	}
	if h2e && len(rejected) > 0 {
		b = appendExtension(b, extRejectedGroups, rejected)
	}
	if h2e && len(token) > 0 {
		b = appendExtension(b, extAntiCloggingToken, token)
	}
	return b
}

func appendExtension(b []byte, id byte, body []byte) []byte {
	return append(append(b, elementExtension, byte(1+len(body)), id), body...)
}

// confirmBody is send-confirm || confirm.
func confirmBody(sc uint16, confirm []byte) []byte {
	return append(binary.LittleEndian.AppendUint16(nil, sc), confirm...)
}
