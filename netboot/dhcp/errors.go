package dhcp

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// ErrNoReply is matched (errors.Is) by every error that reports no server
// answering before the context ended; the error is a *NoReplyError.
var ErrNoReply = errors.New("no DHCP reply")

// ErrNAK is matched (errors.Is) by every error that reports a server refusing
// a request; the error is a *NAKError.
var ErrNAK = errors.New("DHCP request refused")

// NoReplyError reports an exchange that got no usable answer before its
// context ended. It unwraps to the context's error and to the last other
// failure seen on the way (a send error, a NAK), if any.
type NoReplyError struct {
	Interface string
	Want      string // "offer" or "ACK"
	For       string // what the request was for, e.g. "renewing 10.0.0.5 with 10.0.0.1"; may be empty
	Attempts  int
	Elapsed   time.Duration
	// Err is why waiting stopped: the context's error, or
	// context.DeadlineExceeded once its deadline came on the client's
	// clock; nil when an exchange with a limit used up its attempts.
	Err  error
	Last error // the last other failure, or nil
}

func (e *NoReplyError) Error() string {
	msg := fmt.Sprintf("no DHCP %s on %s", e.Want, e.Interface)
	if e.For != "" {
		msg += " " + e.For
	}
	attempts := "attempts"
	if e.Attempts == 1 {
		attempts = "attempt"
	}
	msg += fmt.Sprintf(" after %d %s (%s)", e.Attempts, attempts, roundElapsed(e.Elapsed))
	if e.Last != nil {
		msg += ": last error: " + e.Last.Error()
	}
	return msg
}

// Is reports whether target is ErrNoReply.
func (e *NoReplyError) Is(target error) bool { return target == ErrNoReply }

// Unwrap returns the context's error and the last failure.
func (e *NoReplyError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Err, e.Last} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// NAKError reports a DHCPNAK: the server will not let us have the address.
type NAKError struct {
	Interface string
	Server    netip.Addr // from option 54; zero if the NAK carried none
	Address   netip.Addr // the address asked for
	Message   string     // option 56, the server's explanation
}

func (e *NAKError) Error() string {
	server := "a DHCP server"
	if e.Server.IsValid() {
		server = "DHCP server " + e.Server.String()
	}
	msg := fmt.Sprintf("%s refused %s on %s (NAK)", server, e.Address, e.Interface)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is reports whether target is ErrNAK.
func (e *NAKError) Is(target error) bool { return target == ErrNAK }

func roundElapsed(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}

// ErrAddressInUse is matched (errors.Is) by every error that reports another
// host answering for an offered address; the error is an *AddressInUseError.
var ErrAddressInUse = errors.New("address in use")

// AddressInUseError reports an address the server granted that another host
// answers ARP for: it was DECLINEd (RFC 2131 section 4.4.1).
type AddressInUseError struct {
	Interface  string
	Address    netip.Addr
	Owner      net.HardwareAddr // the host that answered
	Server     netip.Addr       // the server that granted it
	DeclineErr error            // why the DECLINE could not be sent, or nil
}

func (e *AddressInUseError) Error() string {
	msg := fmt.Sprintf("%s from %s is in use on %s by %s (it answered ARP): ", e.Address, e.Server, e.Interface, e.Owner)
	if e.DeclineErr != nil {
		return msg + "not declined: " + e.DeclineErr.Error()
	}
	return msg + "declined"
}

// Is reports whether target is ErrAddressInUse.
func (e *AddressInUseError) Is(target error) bool { return target == ErrAddressInUse }

// ErrMoved is matched (errors.Is) by every error that reports a server
// offering another address than the one asked for; the error is a
// *MovedError.
var ErrMoved = errors.New("DHCP server offers another address")

// MovedError reports a server that offers Offered to a client that asked for
// Wanted again (Reclaim): the server has given Wanted up, or another host now
// holds it.
type MovedError struct {
	Interface    string
	HardwareAddr net.HardwareAddr // ours: what the server knows the client by
	Wanted       netip.Addr
	Offered      netip.Addr
	Server       netip.Addr // zero if the OFFER named none
}

func (e *MovedError) Error() string {
	server := "a DHCP server"
	if e.Server.IsValid() {
		server = "DHCP server " + e.Server.String()
	}
	return fmt.Sprintf("%s offers %s instead of %s to %s (%s)", server, e.Offered, e.Wanted, e.Interface, e.HardwareAddr)
}

// Is reports whether target is ErrMoved.
func (e *MovedError) Is(target error) bool { return target == ErrMoved }
