package bench

import (
	"fmt"
	"slices"

	"github.com/airroot/airroot/bench/benchproto"
)

// The targets.
const (
	// BootGoal: kernel start to the new root's init in at most half the tuned
	// seed's time; issue 17 asks for VirtBootGoal on virt.
	BootGoal     = 0.5
	VirtBootGoal = 0.35
	// VirtInitToRootGoal (issue 17), in seconds: /init to the new root's init
	// on virt over Wi-Fi.
	VirtInitToRootGoal = 2.5
	// RAMGoal (issue 17): the RAM the keeper holds after switch_root at most a
	// third of what wpa_supplicant and dhcpcd hold.
	RAMGoal = 0.33
	// KeeperCPUGoal (issue 17), CPU seconds a minute: the keeper after
	// switch_root.
	KeeperCPUGoal = 0.05
	// UserlandGoal: airroot's /init at most a quarter of the seed's userland, compressed (issue 17).
	UserlandGoal = 1.0 / 4
	// SwitchGoal (issue 17, raspi1ap): kernel start to switch_root in at most a
	// third of the tuned seed's time, which leaves out the root's init paging in
	// over the emulated Pi's USB network, the same for every variant.
	SwitchGoal = 0.33
	// DeauthGoal and APBackGoal (issue 17), in seconds: from a deauthentication
	// (the silence it causes in the root's traffic, which starts when the
	// station hears it, not when hostapd is asked), and from the access
	// point's return after a 5 s outage, to the link back.
	DeauthGoal = 0.3
	APBackGoal = 1.0
)

// bootGoalOn is the boot target on board.
func bootGoalOn(board string) float64 {
	if board == "virt" {
		return VirtBootGoal
	}
	return BootGoal
}

// JudgeGoals states whether each target was met on each board or architecture.
func (r *Report) JudgeGoals() []Goal {
	var goals []Goal
	for _, u := range r.Userland {
		goals = append(goals, ratioGoal("userland size", u.Arch, "airroot's /init <= 1/4 of the seed's userland (gzip -9 bytes)",
			u.GzipRatio, UserlandGoal, fmt.Sprintf("%d vs %d bytes compressed", u.Airroot.GzipBytes, u.Seed.GzipBytes)))
	}
	boards := []string{"virt", "raspi1ap"}
	if r.Boot != nil && len(r.Boot.Boards) > 0 {
		boards = r.Boot.Boards
	}
	for _, board := range boards {
		goals = append(goals, r.bootGoal(board))
		if board == "virt" {
			goals = append(goals, r.initToRootGoal(board))
		}
		goals = append(goals, r.memoryGoal(board), r.ramGoal(board), r.keeperCPUGoal(board))
		if board == "raspi1ap" {
			goals = append(goals, r.switchGoal(board))
		}
		goals = append(goals, r.rejoinGoals(board)...)
	}
	return append(goals, r.applianceGoals()...)
}

func ratioGoal(name, scope, want string, value *float64, limit float64, detail string) Goal {
	g := Goal{Name: name, Scope: scope, Want: want, Value: value, Status: GoalNotMeasured, Detail: detail}
	switch {
	case value == nil:
	case *value <= limit:
		g.Status = GoalMet
	default:
		g.Status = GoalNotMet
	}
	return g
}

func (r *Report) bootGoal(board string) Goal {
	const name = "boot to root"
	limit := bootGoalOn(board)
	want := fmt.Sprintf("airroot <= %g x the tuned seed (median kernel start to the new root's init, Wi-Fi)", limit)
	air, tuned := r.summary(board, VariantAirroot), r.summary(board, VariantSeedTuned)
	if air == nil || tuned == nil || air.KernelToNewRoot.N == 0 || tuned.KernelToNewRoot.N == 0 {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no successful boots of both variants"}
	}
	g := ratioGoal(name, board, want, Ratio(air.KernelToNewRoot.Median, tuned.KernelToNewRoot.Median), limit,
		fmt.Sprintf("%.2f s vs %.2f s (medians of %d and %d boots); from /init on: %.2f s vs %.2f s, ratio %s",
			air.KernelToNewRoot.Median, tuned.KernelToNewRoot.Median, air.KernelToNewRoot.N, tuned.KernelToNewRoot.N,
			air.InitToNewRoot.Median, tuned.InitToNewRoot.Median, ratioText(tuned.InitAirrootRatio)))
	return r.overWiFiOnly(g)
}

// initToRootGoal judges airroot's own part of the boot, /init to the new
// root's init, in seconds.
func (r *Report) initToRootGoal(board string) Goal {
	const name = "/init to root"
	want := fmt.Sprintf("airroot's median /init to the new root's init <= %g s (Wi-Fi)", VirtInitToRootGoal)
	air := r.summary(board, VariantAirroot)
	if air == nil || air.InitToNewRoot.N == 0 {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no successful boots of airroot"}
	}
	st := air.InitToNewRoot
	g := ratioGoal(name, board, want, &st.Median, VirtInitToRootGoal,
		fmt.Sprintf("median of %d boots, %.2f–%.2f s", st.N, st.Min, st.Max))
	return r.overWiFiOnly(g)
}

// keeperCPUGoal judges the keeper's CPU time per minute over the idle runs'
// idle time after switch_root (no I/O on the root then: the e2e soaks
// measure it during I/O).
func (r *Report) keeperCPUGoal(board string) Goal {
	const name = "keeper CPU after switch_root"
	want := fmt.Sprintf("keeper's CPU <= %g s a minute, idle after switch_root (median over the idle runs)", KeeperCPUGoal)
	var perMinute []float64
	for _, idle := range r.idleRuns(board, true) {
		if idle.Seconds > 0 {
			perMinute = append(perMinute, idle.CPUSeconds()*60/idle.Seconds)
		}
	}
	st := Summarize(perMinute)
	if st.N == 0 {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no idle run of airroot"}
	}
	g := ratioGoal(name, board, want, &st.Median, KeeperCPUGoal,
		fmt.Sprintf("median of %d idle runs, %.2f–%.2f s a minute", st.N, st.Min, st.Max))
	return r.overWiFiOnly(g)
}

func (r *Report) memoryGoal(board string) Goal {
	const name, want = "memory after switch_root", "keeper VmRSS <= wpa_supplicant + dhcpcd VmRSS (medians)"
	air := r.summary(board, VariantAirroot)
	var seedRSS []float64
	for _, idle := range r.idleRuns(board, false) {
		seedRSS = append(seedRSS, float64(idle.RSSKiB()))
	}
	seed := Summarize(seedRSS)
	if air == nil || air.IdleRSSKiB.N == 0 || seed.N == 0 {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no idle runs of both airroot and the seed"}
	}
	g := ratioGoal(name, board, want, Ratio(air.IdleRSSKiB.Median, seed.Median), 1,
		fmt.Sprintf("%.0f KiB vs %.0f KiB", air.IdleRSSKiB.Median, seed.Median))
	return r.overWiFiOnly(g)
}

// ramGoal compares the RAM the network's processes really hold after
// switch_root. VmRSS counts the pages of the program a process has mapped,
// and the kernel maps up to 64 KiB around each page touched (fault-around),
// so it says little of what is held: the initramfs lives in RAM, and every
// file a process maps stays there whole. Held is the files still mapped
// plus the processes' anonymous memory (RssAnon).
func (r *Report) ramGoal(board string) Goal {
	const name = "RAM held after switch_root"
	want := fmt.Sprintf("keeper's RssAnon + the initramfs files it keeps mapped <= %g x the same for wpa_supplicant + dhcpcd (medians)", RAMGoal)
	u := r.userlandFor(board)
	air, seed := r.idleAnon(board, true), r.idleAnon(board, false)
	if u == nil || air.N == 0 || seed.N == 0 {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured,
			Detail: "no idle runs with RssAnon of both airroot and the seed, or no userland sizes"}
	}
	airKiB := air.Median + float64(u.AirrootPinnedBytes)/1024
	seedKiB := seed.Median + float64(u.SeedPinnedBytes)/1024
	g := ratioGoal(name, board, want, Ratio(airKiB, seedKiB), RAMGoal,
		fmt.Sprintf("%.0f KiB (%.0f anonymous + %.0f mapped files) vs %.0f KiB (%.0f + %.0f)",
			airKiB, air.Median, float64(u.AirrootPinnedBytes)/1024, seedKiB, seed.Median, float64(u.SeedPinnedBytes)/1024))
	return r.overWiFiOnly(g)
}

// idleAnon summarizes RssAnon over the idle runs of airroot or of the seed's
// variants; runs from before RssAnon was recorded (0) are left out.
func (r *Report) idleAnon(board string, airroot bool) Stat {
	var v []float64
	for _, idle := range r.idleRuns(board, airroot) {
		if idle.AnonKiB() > 0 {
			v = append(v, float64(idle.AnonKiB()))
		}
	}
	return Summarize(v)
}

// idleRuns are the idle figures of board's successful idle runs of airroot,
// or of the seed's variants.
func (r *Report) idleRuns(board string, airroot bool) []benchproto.Idle {
	var out []benchproto.Idle
	for _, run := range r.bootRuns() {
		if run.Board == board && run.Kind == KindIdle && run.OK && run.Idle != nil && (run.Variant == VariantAirroot) == airroot {
			out = append(out, *run.Idle)
		}
	}
	return out
}

// userlandFor is the userland comparison of the architecture board runs.
func (r *Report) userlandFor(board string) *UserlandComparison {
	for i, u := range r.Userland {
		if slices.Contains(u.Boards, board) {
			return &r.Userland[i]
		}
	}
	return nil
}

// overWiFiOnly leaves a goal measured over Ethernet unjudged: the targets are for
// Wi-Fi boots (over Ethernet the seed runs no wpa_supplicant).
func (r *Report) overWiFiOnly(g Goal) Goal {
	if r.Boot.Network != "wifi" {
		g.Status = GoalNotMeasured
		g.Detail += "; measured over " + r.Boot.Network + ", not Wi-Fi: not judged"
	}
	return g
}

func (r *Report) summary(board, variant string) *Summary {
	if r.Boot == nil {
		return nil
	}
	return r.Boot.Summary(board, variant)
}

func (r *Report) bootRuns() []Run {
	if r.Boot == nil {
		return nil
	}
	return r.Boot.Runs
}

// rejoinGoals judges airroot's rejoins on board: medians of its idle runs.
func (r *Report) rejoinGoals(board string) []Goal {
	air := r.summary(board, VariantAirroot)
	goal := func(name, want, what string, st Stat, limit float64, more string) Goal {
		if air == nil || st.N == 0 {
			return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no idle run over Wi-Fi timed it"}
		}
		g := ratioGoal(name, board, want, &st.Median, limit,
			fmt.Sprintf("median of %d %s, %.2f–%.2f s (traffic back: keys installed plus up to a 20 ms probe and a round trip)%s", st.N, what, st.Min, st.Max, more))
		return r.overWiFiOnly(g)
	}
	var silence, back Stat
	var fromRequest string
	if air != nil {
		silence, back = air.RejoinDeauthSilence, air.RejoinAPBack
		if d := air.RejoinDeauth; d.N > 0 {
			fromRequest = fmt.Sprintf("; from the request to hostapd, which takes it a while to act on: median %.2f s", d.Median)
		}
	}
	return []Goal{
		goal("rejoin after a deauthentication", "airroot's traffic back <= 0.3 s after the station's deauthentication: the silence it causes (s)",
			"deauthentications in the idle runs", silence, DeauthGoal, fromRequest),
		goal("rejoin after the access point's return", fmt.Sprintf("airroot's traffic back <= 1 s after the access point's return from a %d s outage (s)", RejoinDownSeconds),
			"restarts in the idle runs", back, APBackGoal, ""),
	}
}

// switchGoal judges kernel start to switch_root against the tuned seed's.
func (r *Report) switchGoal(board string) Goal {
	const name, want = "boot to switch_root", "airroot <= 0.33 x the tuned seed (median kernel start to switch_root, Wi-Fi)"
	air, tuned := r.summary(board, VariantAirroot), r.summary(board, VariantSeedTuned)
	var a, t float64
	var ok bool
	if air != nil && tuned != nil {
		if a, ok = air.PhaseMedian(PhaseSwitchRoot); ok {
			t, ok = tuned.PhaseMedian(PhaseSwitchRoot)
		}
	}
	if !ok {
		return Goal{Name: name, Scope: board, Want: want, Status: GoalNotMeasured, Detail: "no successful boots of both variants"}
	}
	g := ratioGoal(name, board, want, Ratio(a, t), SwitchGoal, fmt.Sprintf("%.2f s vs %.2f s (medians)", a, t))
	return r.overWiFiOnly(g)
}
