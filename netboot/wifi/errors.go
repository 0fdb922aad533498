package wifi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors of Join; test with errors.Is. RetryOf tells how to retry.
var (
	// ErrNoInterface: no usable wireless interface appeared in time (the
	// driver or its firmware may still be loading).
	ErrNoInterface = errors.New("no wireless interface")
	// ErrNotFound: no configured network answered the scan.
	ErrNotFound = errors.New("SSID not found")
	// ErrAssociation: the access point refused or ignored the association,
	// or the connection ended before the keys were installed.
	ErrAssociation = errors.New("association failed")
	// ErrWrongPassphrase: the access point never answered our message 2
	// (it could not verify its MIC) or gave up on the handshake after it.
	ErrWrongPassphrase = errors.New("the access point rejected our key — wrong pass-phrase?")
	// ErrCredentials: the 802.1X server refused our user name, password
	// or certificate.
	ErrCredentials = errors.New("the 802.1X server refused our credentials")
	// ErrHandshake: the 4-way handshake failed for another reason.
	ErrHandshake = errors.New("handshake failed")
	// ErrAccessPoint: the access points that carry a configured SSID do
	// not offer what the network and airroot need (an open, TKIP-only or
	// WPA3-only one). It is learnt from scan data, which anyone in range
	// can forge and which changes when an access point restarts in
	// another mode, so it is never final: Join is worth retrying.
	ErrAccessPoint = errors.New("no usable access point yet; airroot keeps scanning")
	// ErrUnsupported: the wireless interface lacks something airroot
	// needs (CCMP, BIP, running the handshake itself); waiting will not help.
	ErrUnsupported = errors.New("not supported")
	// ErrConfig: the configuration cannot work (no enabled network, a
	// knob the radio cannot honour).
	ErrConfig = errors.New("configuration error")
	// ErrLinkLost: an established session ended.
	ErrLinkLost = errors.New("link lost")
)

// Retry is how the boot loop should retry after Join failed.
type Retry int

// Retry policies.
const (
	// RetrySoon: waiting can fix it (a driver still loading, an access
	// point out of reach, rebooting or advertising a mode airroot cannot
	// use); retry with the usual backoff.
	RetrySoon Retry = iota
	// RetrySlowly: probably a wrong pass-phrase. Retrying cannot hurt
	// (the access point's pass-phrase may change back), but slowly.
	RetrySlowly
	// RetryNever: only a change to the configuration or the hardware can
	// fix it.
	RetryNever
)

func (r Retry) String() string {
	switch r {
	case RetrySoon:
		return "retry soon"
	case RetrySlowly:
		return "retry slowly"
	case RetryNever:
		return "do not retry"
	}
	return fmt.Sprintf("Retry(%d)", int(r))
}

// RetryOf classifies an error of Join. Errors it does not know, such as
// netlink failures, are worth retrying soon.
func RetryOf(err error) Retry {
	switch {
	case errors.Is(err, ErrWrongPassphrase), errors.Is(err, ErrCredentials):
		return RetrySlowly
	case errors.Is(err, ErrUnsupported), errors.Is(err, ErrConfig):
		return RetryNever
	case errors.Is(err, context.Canceled):
		return RetryNever
	}
	return RetrySoon
}

// NotFoundError reports that no configured network was in the scan.
type NotFoundError struct {
	SSIDs  []string // the enabled networks' SSIDs
	Seen   []string // the SSIDs the scan found, strongest first
	Hidden int      // access points that hide their SSID
}

// Error reads `SSID "home" not found (seen: cafe, neighbour)`; hidden
// access points add a hint about scan_ssid=1.
func (e *NotFoundError) Error() string {
	quoted := make([]string, len(e.SSIDs))
	for i, s := range e.SSIDs {
		quoted[i] = strconv.Quote(s)
	}
	shown := make([]string, len(e.Seen))
	for i, s := range e.Seen {
		shown[i] = printableSSID(s)
	}
	if e.Hidden > 0 {
		shown = append(shown, fmt.Sprintf("%d hidden; a hidden network needs scan_ssid=1", e.Hidden))
	}
	seen := "none"
	if len(shown) > 0 {
		seen = strings.Join(shown, ", ")
	}
	return fmt.Sprintf("SSID %s not found (seen: %s)", strings.Join(quoted, " or "), seen)
}

// Is makes a NotFoundError match ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// printableSSID shows an SSID as it is when it is printable UTF-8 without
// commas, quoted otherwise.
func printableSSID(s string) string {
	if !utf8.ValidString(s) || strings.ContainsAny(s, ",\"") || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
