package bench

import (
	"slices"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
)

// The variants booted side by side.
const (
	// VariantAirroot is airroot's /init.
	VariantAirroot = "airroot"
	// VariantSeed is the seed's init script with Debian's userland, sleep 3 and all.
	VariantSeed = "seed"
	// VariantSeedTuned is the seed's script with the blind sleep replaced by a wait
	// for the interface.
	VariantSeedTuned = "seed-tuned"
)

// Variants are the variants in the order each round boots them.
var Variants = []string{VariantAirroot, VariantSeed, VariantSeedTuned}

// Phases are the boot's milestones, in order: each is the guest uptime (seconds
// since the kernel started) when it was reached. Not every variant shows every one.
var Phases = []string{
	PhaseInit, PhaseModules, PhaseInterface, PhaseAssociated, PhaseKeys,
	PhaseLeased, PhaseNFS, PhaseSwitchRoot, PhaseNewRoot,
}

const (
	// PhaseInit is /init running with /dev, /proc and /sys mounted: the kernel's own
	// start and the initramfs's unpacking lie before it.
	PhaseInit       = "init running"
	PhaseModules    = "modules loaded"
	PhaseInterface  = "interface up"
	PhaseAssociated = "associated"
	PhaseKeys       = "keys installed"
	PhaseLeased     = "leased"
	PhaseNFS        = "NFS mounted"
	PhaseSwitchRoot = "switch_root"
	// PhaseNewRoot is the new root's init starting: the boot's end.
	PhaseNewRoot = "new root's init"
)

// Run kinds.
const (
	// KindTimed runs measure the boot only.
	KindTimed = "timed"
	// KindIdle runs also idle after switch_root and measure the network's processes.
	KindIdle = "idle"
)

// BootReport holds every boot's raw figures and their summaries.
type BootReport struct {
	// Taken is when the boots started: a report regenerated without boots keeps
	// the last ones.
	Taken time.Time `json:"taken"`
	// Network is "wifi" or "ethernet".
	Network string `json:"network"`
	// WiFi is the Wi-Fi boots' security: "wpa2" or "sae".
	WiFi string `json:"wifi,omitempty"`
	// Notes are what the person who ran the boots said about them (bench -note).
	Notes []string `json:"notes,omitempty"`
	// Boards lists the boards booted, in order.
	Boards    []string  `json:"boards"`
	Runs      []Run     `json:"runs"`
	Summaries []Summary `json:"summaries"`
	// Floor sets each phase's floor against airroot's time, by board; absent
	// without floor boots.
	Floor []FloorRow `json:"floor,omitempty"`
}

// Run is one boot.
type Run struct {
	Board   string `json:"board"`
	Variant string `json:"variant"`
	Round   int    `json:"round"`
	Kind    string `json:"kind"`
	OK      bool   `json:"ok"`
	Failure string `json:"failure,omitempty"`
	// Phases are the guest uptimes at each phase reached, by phase name.
	Phases map[string]float64 `json:"phases"`
	// KernelClockOffset is the kernel's printk clock minus the uptime clock, by
	// which printk-timed phases were moved.
	KernelClockOffset *float64         `json:"kernel_clock_offset,omitempty"`
	Idle              *benchproto.Idle `json:"idle,omitempty"`
	// Rejoin is the Wi-Fi outages an idle run timed after its idle time.
	Rejoin      *benchproto.Rejoin `json:"rejoin,omitempty"`
	WallSeconds float64            `json:"wall_seconds"`
	// InitramfsGzipBytes is the variant's own initramfs, compressed, without the
	// access point's files (seed-004 comparison boots).
	InitramfsGzipBytes int64 `json:"initramfs_gzip_bytes,omitempty"`
	// Durations are the floor table's phases (FloorPhases) measured in this boot,
	// in seconds: one figure each for airroot, one per repetition for the floor.
	Durations  map[string][]float64 `json:"durations,omitempty"`
	ConsoleLog string               `json:"console_log"`
}

// KernelToNewRoot is the run's boot time, or false when it did not get there.
func (r Run) KernelToNewRoot() (float64, bool) {
	v, ok := r.Phases[PhaseNewRoot]
	return v, ok && r.OK
}

// Summary is one variant on one board over its successful timed runs.
type Summary struct {
	Board   string `json:"board"`
	Variant string `json:"variant"`
	Runs    int    `json:"runs"`
	Failed  int    `json:"failed"`
	// KernelToNewRoot is kernel start to the new root's init, in seconds.
	KernelToNewRoot Stat `json:"kernel_to_new_root"`
	// AirrootRatio is airroot's median over this variant's, on the same board.
	AirrootRatio *float64 `json:"airroot_ratio,omitempty"`
	// InitToNewRoot is /init running (kernel filesystems mounted) to the new root's
	// init: without the kernel's own start, the initramfs's unpacking and, over
	// Wi-Fi, the test access point's set-up that runs before /init.
	InitToNewRoot Stat `json:"init_to_new_root"`
	// InitAirrootRatio is airroot's InitToNewRoot median over this variant's.
	InitAirrootRatio *float64   `json:"init_airroot_ratio,omitempty"`
	Phases           []PhaseSum `json:"phases"`
	// IdleRSSKiB and IdleCPUSeconds sum the network's processes over the idle runs.
	IdleRSSKiB     Stat `json:"idle_rss_kib"`
	IdleCPUSeconds Stat `json:"idle_cpu_seconds"`
	// RejoinDeauth, RejoinDeauthSilence and RejoinAPBack are the idle runs'
	// rejoin timings (benchproto.Rejoin), over every deauthentication and
	// restart timed: from the deauthentication request to traffic back, the
	// silence it caused, and from the restarted access point's return to
	// traffic back;
	// RejoinFailed counts the runs whose timing failed.
	RejoinDeauth        Stat `json:"rejoin_deauth_seconds"`
	RejoinDeauthSilence Stat `json:"rejoin_deauth_silence_seconds"`
	RejoinAPBack        Stat `json:"rejoin_ap_back_seconds"`
	RejoinFailed        int  `json:"rejoin_failed,omitempty"`
}

// PhaseSum is one phase's uptimes over a variant's runs.
type PhaseSum struct {
	Name string `json:"name"`
	Stat Stat   `json:"stat"`
}

// Summarize fills in b.Summaries from b.Runs, one per board and variant.
func (b *BootReport) Summarize() {
	b.Summaries, b.Floor = nil, nil
	for _, board := range b.Boards {
		b.Floor = append(b.Floor, floorRows(b.Runs, board)...)
		for _, v := range Variants {
			b.Summaries = append(b.Summaries, summarize(b.Runs, board, v))
		}
		airroot := b.Summary(board, VariantAirroot)
		for i := range b.Summaries {
			s := &b.Summaries[i]
			if s.Board != board || s.Variant == VariantAirroot || airroot == nil {
				continue
			}
			if airroot.KernelToNewRoot.N > 0 && s.KernelToNewRoot.N > 0 {
				s.AirrootRatio = Ratio(airroot.KernelToNewRoot.Median, s.KernelToNewRoot.Median)
			}
			if airroot.InitToNewRoot.N > 0 && s.InitToNewRoot.N > 0 {
				s.InitAirrootRatio = Ratio(airroot.InitToNewRoot.Median, s.InitToNewRoot.Median)
			}
		}
	}
}

// Summary returns the summary of variant on board, or nil.
func (b *BootReport) Summary(board, variant string) *Summary {
	for i := range b.Summaries {
		if b.Summaries[i].Board == board && b.Summaries[i].Variant == variant {
			return &b.Summaries[i]
		}
	}
	return nil
}

func summarize(runs []Run, board, variant string) Summary {
	s := Summary{Board: board, Variant: variant}
	var total, fromInit, rss, cpu, deauth, silence, apBack []float64
	phases := map[string][]float64{}
	for _, r := range runs {
		if r.Board != board || r.Variant != variant {
			continue
		}
		if r.Kind == KindIdle {
			if r.OK && r.Idle != nil {
				rss = append(rss, float64(r.Idle.RSSKiB()))
				cpu = append(cpu, r.Idle.CPUSeconds())
			}
			if rj := r.Rejoin; rj != nil {
				for _, d := range rj.Deauths {
					deauth, silence = append(deauth, d.Seconds), append(silence, d.SilenceSeconds)
				}
				for _, rs := range rj.Restarts {
					apBack = append(apBack, rs.BackSeconds)
				}
				if rj.Error != "" {
					s.RejoinFailed++
				}
			}
			continue
		}
		s.Runs++
		t, ok := r.KernelToNewRoot()
		if !ok {
			s.Failed++
			continue
		}
		total = append(total, t)
		if start, ok := r.Phases[PhaseInit]; ok {
			fromInit = append(fromInit, t-start)
		}
		for name, v := range r.Phases {
			phases[name] = append(phases[name], v)
		}
	}
	s.KernelToNewRoot, s.InitToNewRoot = Summarize(total), Summarize(fromInit)
	s.IdleRSSKiB, s.IdleCPUSeconds = Summarize(rss), Summarize(cpu)
	s.RejoinDeauth, s.RejoinDeauthSilence, s.RejoinAPBack = Summarize(deauth), Summarize(silence), Summarize(apBack)
	for _, name := range Phases {
		if samples := phases[name]; len(samples) > 0 {
			s.Phases = append(s.Phases, PhaseSum{Name: name, Stat: Summarize(samples)})
		}
	}
	return s
}

// PhaseMedian returns the median of the named phase, if the summary has it.
func (s Summary) PhaseMedian(name string) (float64, bool) {
	i := slices.IndexFunc(s.Phases, func(p PhaseSum) bool { return p.Name == name })
	if i < 0 {
		return 0, false
	}
	return s.Phases[i].Stat.Median, true
}
