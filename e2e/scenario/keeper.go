package scenario

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

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
	// DHCPOutages, when set, is how many spells of trouble with the lease the keeper
	// must log during the I/O, each ended by a lease within MaxDHCPRecovery.
	DHCPOutages     int
	MaxDHCPRecovery time.Duration
	// MaxCPUSeconds, when set, bounds the keeper's CPU time over the guest's window
	// (the idle window when the soak has one, else the I/O).
	MaxCPUSeconds float64
	// MaxRSSGrowthKiB, when set, bounds how much the keeper's VmRSS may grow from the
	// first of the guest's samples (Soak.SampleEverySeconds) to the last: a leak's
	// bound, not a size target.
	MaxRSSGrowthKiB int64
}

// RunsAlone reports whether s must run with no other scenario beside it: a bound
// on the keeper's CPU is measured in the guest's time, which also counts the
// moments the host gives the emulator's CPU to another emulator (under load
// the NAK soak's keeper measured 0.9-1.3 s instead of about 0.1 s); and a fleet,
// whose boards already fill the machine's CPUs.
func (s Scenario) RunsAlone() bool {
	return s.Checks.Keeper != nil && s.Checks.Keeper.MaxCPUSeconds > 0 || s.Fleet != nil
}

// QuietOnceSoaking reports whether s keeps no host CPU busy once its soak has
// begun: its I/O is paced, a file now and then, where the other soaks write
// back to back.
func (s Scenario) QuietOnceSoaking() bool {
	return s.Checks.Keeper != nil && s.Checks.Keeper.Soak.IOEverySeconds > 0
}

// onSoakBegun is a console-line hook that calls f when the guest's soak begins.
func onSoakBegun(f func()) func(string) {
	return func(line string) {
		if strings.Contains(line, guestproto.SoakBeginMark) {
			f()
		}
	}
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
	if k.MaxRSSGrowthKiB > 0 && (k.Soak.SampleEverySeconds <= 0 || k.Soak.IOSeconds <= 0) {
		add("a bound on the keeper's memory growth needs samples over the I/O: set Soak.SampleEverySeconds and IOSeconds")
	}
	if k.DHCPOutages < 0 || (k.DHCPOutages > 0 && k.MaxDHCPRecovery <= 0) {
		add("%d DHCP outages recovered within %v: want none, or a positive bound", k.DHCPOutages, k.MaxDHCPRecovery)
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
	p = append(p, reconnectProblems(outages(s), k.Reconnects)...)
	p = append(p, restartProblems(s, k)...)
	p = append(p, nfsRestartProblems(s, obs)...)
	p = append(p, cablePullProblems(s, obs)...)
	p = append(p, roamProblems(s, k)...)
	p = append(p, growthProblems(want, k)...)
	if in, ok := findFault[Inject](s); ok {
		p = append(p, attackProblems(in, k)...)
	}
	p = append(p, dhcpOutageProblems(want, k.DHCPOutages)...)
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

// dhcpOutageProblems checks the spells of DHCP trouble the guest saw against want,
// when it names some: elsewhere a renewal sent again on a loaded emulator is no fault.
func dhcpOutageProblems(want *KeeperSoak, got []guestproto.DHCPOutage) []string {
	if want.DHCPOutages == 0 {
		return nil
	}
	if len(got) != want.DHCPOutages {
		return []string{fmt.Sprintf("%d spells of DHCP trouble during the I/O, want %d: %+v", len(got), want.DHCPOutages, got)}
	}
	var p []string
	for i, o := range got {
		switch {
		case o.RecoveredSeconds == nil:
			p = append(p, fmt.Sprintf("DHCP trouble %d (%q): no lease taken after it during the I/O", i+1, o.Trouble))
		case *o.RecoveredSeconds > want.MaxDHCPRecovery.Seconds():
			p = append(p, fmt.Sprintf("DHCP trouble %d (%q): a lease %.1f s later, want at most %v", i+1, o.Trouble, *o.RecoveredSeconds, want.MaxDHCPRecovery))
		}
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

// outage is one loss of the link the test bed causes, and how soon the keeper must
// be back.
type outage struct {
	what         string
	at           float64
	maxReconnect time.Duration
}

// outages are s's deauthentications and access point restarts, in time order: the
// guest reports a reconnection for each, in that order.
func outages(s Scenario) []outage {
	var out []outage
	if d, ok := findFault[Deauth](s); ok {
		for _, at := range d.At {
			out = append(out, outage{"deauthentication", at, d.MaxReconnect})
		}
	}
	if r, ok := findFault[APRestart](s); ok {
		out = append(out, outage{"access point restart", r.At, r.MaxReconnect})
	}
	if r, ok := findFault[Roam](s); ok {
		out = append(out, outage{"access point switched off", r.At, r.MaxReconnect})
	}
	slices.SortStableFunc(out, func(a, b outage) int { return cmp.Compare(a.at, b.at) })
	return out
}

func reconnectProblems(want []outage, got []guestproto.Reconnect) []string {
	var p []string
	if len(got) != len(want) {
		p = append(p, fmt.Sprintf("%d outages (deauthentications, access point restarts) reported, want %d", len(got), len(want)))
	}
	for i, r := range got {
		what := "outage"
		var limit time.Duration
		if i < len(want) {
			what, limit = want[i].what, want[i].maxReconnect
		}
		switch {
		case r.Error != "":
			p = append(p, fmt.Sprintf("%s %d: %s", what, i+1, r.Error))
		case r.ReconnectedSeconds == nil:
			p = append(p, fmt.Sprintf("%s %d: the keeper never logged a reconnection", what, i+1))
		case limit > 0 && *r.ReconnectedSeconds > limit.Seconds():
			p = append(p, fmt.Sprintf("%s %d: the keeper reconnected after %.1f s, want at most %v",
				what, i+1, *r.ReconnectedSeconds, limit))
		}
		if r.Error == "" && r.IOResumedSeconds == nil {
			p = append(p, fmt.Sprintf("%s %d: file I/O never resumed", what, i+1))
		}
	}
	return p
}

// restartProblems judges s's access point restart and keeper crash: a new process
// each time, back in time; after the access point's restart the station must have
// lost the link (its beacons stopped).
func restartProblems(s Scenario, k *guestproto.Keeper) []string {
	var p []string
	if r, ok := findFault[APRestart](s); ok {
		limit := time.Duration(r.DownSeconds*float64(time.Second)) + r.MaxReconnect
		p = append(p, replacedProblems("hostapd", 1, limit, k.APRestarts)...)
		if k.LinkLost == 0 {
			p = append(p, "the keeper never lost the link: the access point's restart went unnoticed")
		}
	}
	if c, ok := findFault[WorkerCrash](s); ok {
		p = append(p, replacedProblems("the keeper's worker", 1, c.MaxBack, k.WorkerCrashes)...)
	}
	return p
}

// replacedProblems checks that each of got, want of them, put a new process in the
// place of the one killed within limit.
func replacedProblems(what string, want int, limit time.Duration, got []guestproto.Replaced) []string {
	if len(got) != want {
		return []string{fmt.Sprintf("%d kills of %s reported, want %d", len(got), what, want)}
	}
	var p []string
	for i, r := range got {
		switch {
		case r.Error != "":
			p = append(p, fmt.Sprintf("%s, kill %d: %s", what, i+1, r.Error))
		case r.PIDBefore <= 0 || r.PIDAfter <= 0 || r.PIDAfter == r.PIDBefore:
			p = append(p, fmt.Sprintf("%s, kill %d: pid %d before, %d after: want two processes", what, i+1, r.PIDBefore, r.PIDAfter))
		case r.BackSeconds > limit.Seconds():
			p = append(p, fmt.Sprintf("%s, kill %d: back after %.1f s, want at most %v", what, i+1, r.BackSeconds, limit))
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
	case in.Frame == guestproto.FrameEAPOLMessage1 && in.Answered && r.ClearEAPOL == 0:
		add("the station did not answer the injected %s: without PMF it must take it for an access point restarting the handshake", in.Frame)
	case in.Frame == guestproto.FrameEAPOLMessage1 && !in.Answered && r.ClearEAPOL > 0:
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

// soak is what the guest does after the switch in s, with its faults: nil
// without a keeper soak.
func (s Scenario) soak() *guestproto.Soak {
	if s.Checks.Keeper == nil {
		return nil
	}
	soak := s.Checks.Keeper.Soak
	if d, ok := findFault[Deauth](s); ok {
		soak.DeauthAt, soak.DeauthSilently, soak.StationInterface = d.At, d.Silently, stationInterface
	}
	if r, ok := findFault[APRestart](s); ok {
		soak.APRestartAt, soak.APRestartControl = []float64{r.At}, testbed.APRestartControl
	}
	if c, ok := findFault[WorkerCrash](s); ok {
		soak.WorkerCrashAt = []float64{c.At}
	}
	if r, ok := findFault[Roam](s); ok {
		soak.SwitchOffAt, soak.StationInterface = []float64{r.At}, stationInterface
		soak.SwitchOffControls = []string{testbed.HostapdCtrl, testbed.SecondHostapdCtrl}
	}
	if in, ok := findFault[Inject](s); ok {
		soak.Attacks = []guestproto.Attack{{At: in.At, Frame: in.Frame}}
		soak.Monitor, soak.StationInterface = testbed.MonitorInterface, stationInterface
	}
	return &soak
}
