package scenario

import (
	"fmt"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
)

// KeeperSoak puts airroot's keeper to work after the switch (the guest's Soak) and
// says what its figures must reach for the scenario to pass. The scenario's Deauth
// fault, if any, strikes during the soak's I/O.
type KeeperSoak struct {
	Soak guestproto.Soak
	// MinRekeys is the least number of rekeys (group and pairwise together) the keeper
	// must log; MinGroupRekeys and MinPairwiseRekeys bound each kind.
	MinRekeys, MinGroupRekeys, MinPairwiseRekeys int
	// MinRenewals is the least number of DHCP renewals, all keeping the address.
	MinRenewals int
	// MaxCPUSeconds, when set, bounds the keeper's CPU time over the guest's window
	// (the idle window when the soak has one, else the I/O).
	MaxCPUSeconds float64
}

// RunsAlone reports whether s must run with no other scenario beside it: a bound
// on the keeper's CPU is measured in the guest's time, which also counts the
// moments the host gives the emulator's CPU to another emulator (under load
// the NAK soak's keeper measured 0.9-1.3 s instead of about 0.1 s).
func (s Scenario) RunsAlone() bool {
	return s.Checks.Keeper != nil && s.Checks.Keeper.MaxCPUSeconds > 0
}

// validate reports what cannot work in s's soak.
func (k KeeperSoak) validate(s Scenario) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.Checks.Result != guestproto.ModeNewRoot {
		add("a keeper soak needs result mode %s", guestproto.ModeNewRoot)
	}
	if k.Soak.IOSeconds < 0 || k.Soak.IdleSeconds < 0 || k.Soak.RSSAfterSeconds < 0 {
		add("soak durations must not be negative")
	}
	if k.MaxCPUSeconds < 0 {
		add("a CPU bound of %v s: want 0 (none) or more", k.MaxCPUSeconds)
	}
	return errs
}

// keeperProblems judges the keeper's figures from the guest against s's soak.
func keeperProblems(s Scenario, obs observation) []string {
	if s.Checks.Keeper == nil || obs.Result == nil {
		return nil // no soak, or resultProblems has said the result is missing
	}
	k := obs.Result.Keeper
	if k == nil {
		return []string{"the guest reported no keeper figures"}
	}
	want := s.Checks.Keeper
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if !strings.HasPrefix(k.Argv0, "@") {
		add("keeper pid %d has argv[0] %q, want it to start with '@'", k.PID, k.Argv0)
	}
	p = append(p, ioProblems(want.Soak, k.IO)...)
	if n := k.GroupRekeys + k.PairwiseRekeys; n < want.MinRekeys {
		add("keeper logged %d rekeys (%d group, %d pairwise), want at least %d", n, k.GroupRekeys, k.PairwiseRekeys, want.MinRekeys)
	}
	if k.GroupRekeys < want.MinGroupRekeys {
		add("keeper logged %d group rekeys, want at least %d", k.GroupRekeys, want.MinGroupRekeys)
	}
	if k.PairwiseRekeys < want.MinPairwiseRekeys {
		add("keeper logged %d pairwise rekeys, want at least %d", k.PairwiseRekeys, want.MinPairwiseRekeys)
	}
	deauth, _ := findFault[Deauth](s)
	p = append(p, reconnectProblems(deauth, k.Reconnects)...)
	if in, ok := findFault[Inject](s); ok {
		p = append(p, attackProblems(in, k)...)
	}
	if k.Renewals < want.MinRenewals {
		add("keeper renewed the lease %d times, want at least %d", k.Renewals, want.MinRenewals)
	}
	if len(k.Addresses) > 1 {
		add("the address changed: %s", strings.Join(k.Addresses, " -> "))
	}
	if want.MinRenewals > 0 && len(k.Addresses) == 0 {
		add("the keeper's log named no address")
	}
	if k.VmRSSKiB <= 0 {
		add("no VmRSS figure for the keeper")
	}
	if want.Soak.IdleSeconds > 0 && !k.IdleWindow {
		add("no CPU figure over an idle window")
	}
	if want.MaxCPUSeconds > 0 && k.CPUSeconds >= want.MaxCPUSeconds {
		add("the keeper used %.2f s of CPU over %.0f s, want under %v s", k.CPUSeconds, k.WindowSeconds, want.MaxCPUSeconds)
	}
	return p
}

func ioProblems(soak guestproto.Soak, io guestproto.IO) []string {
	var p []string
	if io.Errors > 0 {
		p = append(p, fmt.Sprintf("%d I/O errors on the NFS root, the first: %s", io.Errors, io.FirstError))
	}
	if soak.IOSeconds > 0 && io.Files == 0 {
		p = append(p, "the guest wrote no file on the NFS root")
	}
	if io.Verified != io.Files {
		p = append(p, fmt.Sprintf("%d of %d files written verified afterwards", io.Verified, io.Files))
	}
	if io.Seconds < soak.IOSeconds {
		p = append(p, fmt.Sprintf("file I/O ran %.1f s, want %v s", io.Seconds, soak.IOSeconds))
	}
	return p
}

func reconnectProblems(want Deauth, got []guestproto.Reconnect) []string {
	var p []string
	if len(got) != len(want.At) {
		p = append(p, fmt.Sprintf("%d deauthentications reported, want %d", len(got), len(want.At)))
	}
	for i, r := range got {
		switch {
		case r.Error != "":
			p = append(p, fmt.Sprintf("deauthentication %d: %s", i+1, r.Error))
		case r.ReconnectedSeconds == nil:
			p = append(p, fmt.Sprintf("deauthentication %d: the keeper never logged a reconnection", i+1))
		case *r.ReconnectedSeconds > want.MaxReconnect.Seconds():
			p = append(p, fmt.Sprintf("deauthentication %d: the keeper reconnected after %.1f s, want at most %v",
				i+1, *r.ReconnectedSeconds, want.MaxReconnect))
		}
		if r.Error == "" && r.IOResumedSeconds == nil {
			p = append(p, fmt.Sprintf("deauthentication %d: file I/O never resumed", i+1))
		}
	}
	return p
}

// attackProblems judges what the capture and the keeper's log say after in.
func attackProblems(in Inject, k *guestproto.Keeper) []string {
	if len(k.Attacks) != 1 {
		return []string{fmt.Sprintf("%d injections reported, want 1", len(k.Attacks))}
	}
	r := k.Attacks[0]
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	switch {
	case r.Error != "":
		add("injected %s: %s", in.Frame, r.Error)
	case r.StationFrames == 0:
		add("after the injected %s the capture heard nothing from the station, so it proves nothing", in.Frame)
	case in.Frame == guestproto.FrameEAPOLMessage1 && r.ClearEAPOL > 0:
		add("the station answered the injected %s in the clear: %d unprotected EAPOL frames, the first %s",
			in.Frame, r.ClearEAPOL, r.FirstClearEAPOL)
	}
	if k.LinkLost > 0 {
		add("the keeper lost the link %d times during a soak with an injected %s", k.LinkLost, in.Frame)
	}
	if in.Frame == guestproto.FrameDeauth && k.SAQueriesAnswered == 0 {
		add("the keeper's log shows no SA Query answered after the injected %s", in.Frame)
	}
	return p
}

// soak is what the guest does after the switch in s, with its Deauth fault: nil
// without a keeper soak.
func (s Scenario) soak() *guestproto.Soak {
	if s.Checks.Keeper == nil {
		return nil
	}
	soak := s.Checks.Keeper.Soak
	if d, ok := findFault[Deauth](s); ok {
		soak.DeauthAt, soak.DeauthSilently, soak.StationInterface = d.At, d.Silently, stationInterface
	}
	if in, ok := findFault[Inject](s); ok {
		soak.Attacks = []guestproto.Attack{{At: in.At, Frame: in.Frame}}
		soak.Monitor, soak.StationInterface = testbed.MonitorInterface, stationInterface
	}
	return &soak
}
