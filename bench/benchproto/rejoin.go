package benchproto

import (
	"fmt"
	"net/netip"
	"path"
	"strings"
)

// RejoinParam asks the guest, once its idle time is over, to time how long
// the board's traffic stops when its Wi-Fi link is lost and how soon it
// flows again: after the access point deauthenticates the station, and after
// the access point is switched off and on again. Its value is the host's UDP
// echo (IPv4:port), the access point's hostapd control socket and the
// fixture's restart FIFO, comma-separated:
// "airroot_bench_rejoin=10.0.2.2:4000,/dev/hostapd/wlan1,/dev/e2e-ap-restart".
const RejoinParam = "airroot_bench_rejoin"

// RejoinRequest is what RejoinParam says.
type RejoinRequest struct {
	Echo           netip.AddrPort
	HostapdCtrl    string
	RestartControl string
}

// Param is the kernel parameter for r.
func (r RejoinRequest) Param() string {
	return RejoinParam + "=" + r.Echo.String() + "," + r.HostapdCtrl + "," + r.RestartControl
}

// ParseRejoinParam finds RejoinParam in a kernel command line; found is false
// when it is not there.
func ParseRejoinParam(cmdline string) (r RejoinRequest, found bool, err error) {
	for _, f := range strings.Fields(cmdline) {
		v, ok := strings.CutPrefix(f, RejoinParam+"=")
		if !ok {
			continue
		}
		parts := strings.Split(v, ",")
		if len(parts) != 3 {
			return r, true, fmt.Errorf("%s=%q: want ECHO,CTRL,FIFO", RejoinParam, v)
		}
		echo, err := netip.ParseAddrPort(parts[0])
		if err != nil || !echo.Addr().Is4() || echo.Port() == 0 {
			return r, true, fmt.Errorf("%s: echo %q: want IPv4:port", RejoinParam, parts[0])
		}
		for _, p := range parts[1:] {
			if !path.IsAbs(p) || path.Clean(p) != p {
				return r, true, fmt.Errorf("%s: %q: want a clean absolute path", RejoinParam, p)
			}
		}
		return RejoinRequest{Echo: echo, HostapdCtrl: parts[1], RestartControl: parts[2]}, true, nil
	}
	return r, false, nil
}

// Rejoin is how long the board's traffic stopped in each outage the guest
// caused. The guest sends the host's echo a UDP packet every ProbeSeconds:
// traffic is back when the first answer after the outage arrives.
type Rejoin struct {
	ProbeSeconds float64 `json:"probe_seconds"`
	// Deauths are the deauthentications timed, in turn.
	Deauths []Deauth `json:"deauths,omitempty"`
	// Restarts are the access point's restarts timed, in turn.
	Restarts []Restart `json:"restarts,omitempty"`
	// Error says what could not be timed; the figures before it stand.
	Error string `json:"error,omitempty"`
}

// DeauthRounds is how many deauthentications the guest times, each once
// traffic has flowed a second again: a median of several, at a second or two
// each.
const DeauthRounds = 5

// RestartRounds is how many restarts of the access point the guest times,
// after the deauthentications: a median of several, at about eight seconds
// each (the outage the host's fixture makes, the new hostapd's start, a
// second of traffic).
const RestartRounds = 5

// Restart is one restart of the access point: hostapd killed, as a power
// cut (no deauthentication), and a new one started some seconds later.
type Restart struct {
	// DownSeconds is from the restart request to the new hostapd's start.
	DownSeconds float64 `json:"down_seconds"`
	// UpSeconds is from the new hostapd's start to its access point up:
	// the answer to a STATUS that says state=ENABLED, the access point's
	// return.
	UpSeconds float64 `json:"up_seconds"`
	// BackSeconds is from the access point's return to the first answer
	// after it. It may count too little, by at most the STATUS poll's
	// interval and an answer's latency, never too much: the return is
	// taken when the answer arrives, not when it was asked for, since
	// hostapd answers its control socket from its event loop, not while
	// it sets up the access point, and a STATUS asked early in that setup,
	// half a second before the access point exists on an emulated Pi 1,
	// is answered only once it is done.
	BackSeconds float64 `json:"back_seconds"`
}

// Deauth is the outage one deauthentication caused.
type Deauth struct {
	// Seconds is from the guest's DEAUTHENTICATE request to hostapd to the
	// answer that ended the longest silence after it: it includes the time
	// hostapd_cli and hostapd took to act on the request.
	Seconds float64 `json:"seconds"`
	// SilenceSeconds is that silence, from the last answer before it to the
	// one that ended it: the station lost its link at most a probe interval
	// and a round trip after the silence began, so this is its outage, from
	// the deauthentication it heard to traffic back, plus at most that.
	SilenceSeconds float64 `json:"silence_seconds"`
}
