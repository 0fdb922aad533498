package eap

import "errors"

// Sentinel errors. Test for them with errors.Is.
var (
	// ErrMalformed reports a packet or attribute that does not parse.
	ErrMalformed = errors.New("malformed")
	// ErrFailure reports an EAP-Failure from the authenticator: the
	// server refused us. The error says why when the method learnt it
	// (a wrong password, for MSCHAPv2).
	ErrFailure = errors.New("authentication refused by the server")
	// ErrProtocol reports a server that broke the method's rules, such as
	// an EAP-Success before the method finished.
	ErrProtocol = errors.New("protocol violation")
	// ErrWrongPassword reports credentials the server refused: MSCHAPv2's
	// E=691, or a failure right after a TTLS/PAP password.
	ErrWrongPassword = errors.New("wrong user name or password")
	// ErrUntrusted reports a server certificate the configuration does
	// not let us trust.
	ErrUntrusted = errors.New("server certificate not trusted")
)
