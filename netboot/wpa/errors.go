package wpa

import (
	"errors"
	"fmt"
	"net"
)

// Sentinel errors. Test for them with errors.Is.
var (
	// ErrPassphrase reports a pass-phrase that is not 8..63 bytes, or holds
	// a control character.
	ErrPassphrase = errors.New("invalid pass-phrase")
	// ErrSSID reports an SSID that is not 1..32 bytes long.
	ErrSSID = errors.New("invalid SSID")
	// ErrMalformed reports a frame or element that does not parse.
	ErrMalformed = errors.New("malformed")
	// ErrUnsupported reports a valid protocol feature airroot does not
	// implement (WPA1, TKIP pairwise, SAE, ...).
	ErrUnsupported = errors.New("not supported")
	// ErrBadMIC reports an EAPOL-Key frame whose MIC does not verify.
	ErrBadMIC = errors.New("MIC mismatch")
	// ErrReplay reports an EAPOL-Key frame whose replay counter is not
	// larger than that of the last verified frame.
	ErrReplay = errors.New("replay counter did not increase")
	// ErrUnexpected reports an EAPOL-Key frame that does not fit the
	// handshake's current state.
	ErrUnexpected = errors.New("unexpected message")
	// ErrUnwrap reports AES key unwrap integrity check failure.
	ErrUnwrap = errors.New("AES key unwrap integrity check failed")
	// ErrDowngrade reports an RSN element in message 3 that differs from
	// the one the access point advertised: someone may be forcing weaker
	// security. The handshake fails; disconnect.
	ErrDowngrade = errors.New("possible downgrade attack")
	// ErrNoMessage3 reports that the access point never answered our
	// message 2 with a valid message 3: it could not verify our MIC, which
	// almost always means a wrong pass-phrase.
	ErrNoMessage3 = errors.New("no message 3 after our message 2 (wrong pass-phrase?)")
	// ErrNoMessage1 reports that the access point never started the 4-way
	// handshake.
	ErrNoMessage1 = errors.New("no message 1 from the access point")
)

// A DropError reports an EAPOL-Key frame the handshake ignored. The
// handshake's state did not change: log the error and keep feeding frames.
type DropError struct {
	Op      string           // "4-way handshake" or "group key handshake"
	Peer    net.HardwareAddr // the authenticator
	Message string           // "message 3", "group message 1", "frame"
	Err     error            // ErrBadMIC, ErrReplay, ErrMalformed, ...
}

func (e *DropError) Error() string {
	return fmt.Sprintf("%s with %s: drop %s: %v", e.Op, e.Peer, e.Message, e.Err)
}

// Unwrap returns the reason the frame was dropped.
func (e *DropError) Unwrap() error { return e.Err }

// passphraseError is a pass-phrase problem described without quoting the
// pass-phrase; it matches ErrPassphrase.
type passphraseError string

func (e passphraseError) Error() string        { return string(e) }
func (e passphraseError) Is(target error) bool { return target == ErrPassphrase }
