package scenario

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
)

// BadDay is report.json's summary of one fault the test bed caused and what the
// boot lost to it (issue 16's table is made of these).
type BadDay struct {
	Fault string `json:"fault"`
	// OutageSeconds is how long the station had no link (the keeper's own "reconnected
	// after", from the link's loss to keys installed again), or the NFS server was
	// down.
	OutageSeconds *float64 `json:"outage_seconds,omitempty"`
	// RecoverySeconds is from the fault's end (the access point back, the NFS server
	// listening again) to the keys installed again (Wi-Fi) or the guest's I/O going on
	// (NFS: its longest stall less the time down, the most it can have been).
	RecoverySeconds *float64 `json:"recovery_seconds,omitempty"`
	// IOResumedSeconds is from the fault's end to the guest's next file written and
	// read back: after an outage of the link, the NFS client's TCP retransmissions
	// have backed off (RFC 6298 5.5), and the next one can come long after the link.
	IOResumedSeconds *float64 `json:"io_resumed_seconds,omitempty"`
	IOErrors         int      `json:"io_errors"`
	// FilesLost are the files written that did not verify at the end.
	FilesLost int `json:"files_lost"`
}

// SoakFigures are the keeper's memory and CPU time at the start and the end of a
// long soak, from the guest's first and last samples.
type SoakFigures struct {
	IOSeconds   float64 `json:"io_seconds"`
	RSSStartKiB int64   `json:"rss_start_kib"`
	RSSEndKiB   int64   `json:"rss_end_kib"`
	// CPUFirstSeconds and CPULastSeconds are the keeper's CPU time over the first and
	// the last period between samples, of WindowSeconds each.
	CPUFirstSeconds float64 `json:"cpu_first_window_seconds"`
	CPULastSeconds  float64 `json:"cpu_last_window_seconds"`
	WindowSeconds   float64 `json:"window_seconds"`
}

// badDays summarizes s's access point restarts and NFS server restart.
func badDays(s Scenario, obs observation) []BadDay {
	k := keeperFigures(obs)
	if k == nil {
		return nil
	}
	var out []BadDay
	lost := k.IO.Files - k.IO.Verified
	if r, ok := findFault[APRestart](s); ok {
		for i, back := range k.APRestarts {
			d := BadDay{Fault: r.describe(), IOErrors: k.IO.Errors, FilesLost: lost}
			if i < len(k.Reconnects) {
				d.OutageSeconds, d.RecoverySeconds = keeperOutage(k.Reconnects[i], back)
				d.IOResumedSeconds = since(k.Reconnects[i].IOResumedSeconds, back.BackSeconds)
			}
			out = append(out, d)
		}
	}
	if r, ok := findFault[Roam](s); ok && len(k.Reconnects) > 0 {
		outage, _ := keeperOutage(k.Reconnects[0], guestproto.Replaced{Error: "none"})
		out = append(out, BadDay{Fault: fmt.Sprintf("access point in use switched off, the other on channel %d", r.remainingChannel(s, k.SwitchedOff)),
			OutageSeconds: outage, RecoverySeconds: k.Reconnects[0].ReconnectedSeconds,
			IOResumedSeconds: since(k.Reconnects[0].IOResumedSeconds, 0), IOErrors: k.IO.Errors, FilesLost: lost})
	}
	if r, ok := findFault[NFSRestart](s); ok && obs.NFSRestart != nil {
		down := obs.NFSRestart.DownSeconds
		recovery := round1(max(k.IO.LongestStallSeconds-down, 0))
		out = append(out, BadDay{Fault: fmt.Sprintf("NFS server down %v s", r.DownSeconds), OutageSeconds: &down,
			RecoverySeconds: &recovery, IOResumedSeconds: &recovery, IOErrors: k.IO.Errors, FilesLost: lost})
	}
	return out
}

// keeperOutage is the keeper's own link-lost-to-reconnected time, and the time
// from the access point's return to the reconnection.
func keeperOutage(r guestproto.Reconnect, back guestproto.Replaced) (outage, recovery *float64) {
	word, _, _ := strings.Cut(r.KeeperSays, " ")
	if d, err := time.ParseDuration(word); err == nil {
		o := round1(d.Seconds())
		outage = &o
	}
	if r.ReconnectedSeconds != nil && back.Error == "" {
		v := round1(*r.ReconnectedSeconds - back.BackSeconds)
		recovery = &v
	}
	return outage, recovery
}

// since is t less from, rounded; nil when t is.
func since(t *float64, from float64) *float64 {
	if t == nil {
		return nil
	}
	v := round1(*t - from)
	return &v
}

// soakFigures are the start and end figures of s's sampled soak; nil without samples.
func soakFigures(obs observation) *SoakFigures {
	k := keeperFigures(obs)
	if k == nil || len(k.Samples) < 3 {
		return nil
	}
	s := k.Samples
	first, last := s[0], s[len(s)-1]
	// The last period is the last full one: the final sample comes when the I/O ends.
	a, b := s[len(s)-3], s[len(s)-2]
	return &SoakFigures{
		IOSeconds: k.IO.Seconds, RSSStartKiB: first.VmRSSKiB, RSSEndKiB: last.VmRSSKiB,
		CPUFirstSeconds: ticksRound(s[1].CPUSeconds - first.CPUSeconds),
		CPULastSeconds:  ticksRound(b.CPUSeconds - a.CPUSeconds),
		WindowSeconds:   round1(s[1].AtSeconds - first.AtSeconds),
	}
}

// growthProblems bounds the keeper's VmRSS growth over the samples.
func growthProblems(want *KeeperSoak, k *guestproto.Keeper) []string {
	if want.MaxRSSGrowthKiB <= 0 {
		return nil
	}
	if len(k.Samples) < 2 {
		return []string{fmt.Sprintf("%d samples of the keeper's memory, want at least 2", len(k.Samples))}
	}
	first, last := k.Samples[0], k.Samples[len(k.Samples)-1]
	if grew := last.VmRSSKiB - first.VmRSSKiB; grew > want.MaxRSSGrowthKiB {
		return []string{fmt.Sprintf("the keeper's VmRSS grew %d KiB over %.0f s (%d -> %d KiB), want at most %d",
			grew, last.AtSeconds, first.VmRSSKiB, last.VmRSSKiB, want.MaxRSSGrowthKiB)}
	}
	return nil
}

// keeperFigures are the guest's keeper figures, nil when it sent none.
func keeperFigures(obs observation) *guestproto.Keeper {
	if obs.Result == nil {
		return nil
	}
	return obs.Result.Keeper
}

// ticksRound rounds seconds to hundredths, the kernel's clock tick (USER_HZ 100).
func ticksRound(v float64) float64 { return math.Round(v*100) / 100 }

// roamProblems checks that the guest switched off an access point and that the
// keeper came back on the other one's channel.
func roamProblems(s Scenario, k *guestproto.Keeper) []string {
	r, ok := findFault[Roam](s)
	if !ok {
		return nil
	}
	if len(k.SwitchedOff) != 1 || k.SwitchedOff[0] == "" {
		return []string{fmt.Sprintf("switched off %q, want one access point", k.SwitchedOff)}
	}
	want := channelMHz(r.remainingChannel(s, k.SwitchedOff))
	if len(k.Reconnects) == 1 && !strings.Contains(k.Reconnects[0].KeeperSays, fmt.Sprintf("%d MHz", want)) {
		return []string{fmt.Sprintf("after %s was switched off the keeper reconnected %q, want to the other on %d MHz", k.SwitchedOff[0], k.Reconnects[0].KeeperSays, want)}
	}
	return nil
}

// remainingChannel is the channel of the access point left on once the one behind
// the control socket in switchedOff (the guest's report) was switched off: the
// station joins either first, they are alike.
func (r Roam) remainingChannel(s Scenario, switchedOff []string) int {
	if len(switchedOff) > 0 && switchedOff[0] == testbed.SecondHostapdCtrl {
		return s.Network.(WiFi).AP.ChannelOrDefault()
	}
	return r.Channel
}

// channelMHz is a 2.4 GHz channel's centre frequency (802.11-2020 15.4.4.3).
func channelMHz(channel int) int { return 2407 + 5*channel }
