package bench

import (
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/google/go-cmp/cmp"
)

// seedConsole is a seed boot's console over Wi-Fi, trimmed, as QEMU printed it.
const seedConsole = `[    7.001000] Run /fixture as init process
fixture: access point "airroot-e2e" up on channel 6 (2.8 s)
SEED-PHASE start 7.35
SEED-PHASE modules 9.23
SEED-PHASE interface 9.62
Successfully initialized wpa_supplicant
[   14.756393] wlan1: associated
[   14.756393] wlan0: associated
[   15.042497] IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready
wlan0: leased 10.0.2.15 for 86400 seconds
SEED-PHASE leased 22.69
SEED-PHASE nfs 22.82
SEED-PHASE switch_root 22.87
[   24.300000] airroot-bench: clock uptime=23.90

AIRROOT-BENCH-RESULT {"uptime_seconds":23.86}
`

// airrootConsole is an airroot boot's console over Wi-Fi, trimmed.
const airrootConsole = `[   16.634356] wlan0: associated
[   16.634876] IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready
airroot: timeline {"steps":[{"name":"mount","start":6.49,"end":6.5193},{"name":"modules","start":6.58,"end":7.2013},{"name":"devices","start":7.2,"end":11.74},{"name":"wifi","start":11.93,"end":16.4387},{"name":"interface_up","start":12.2375,"end":12.2375},{"name":"associated","start":16.2373,"end":16.2373},{"name":"keys_installed","start":16.4,"end":16.4},{"name":"dhcp","start":16.45,"end":16.75},{"name":"nfs","start":16.8,"end":16.95},{"name":"switch_root","start":17.1,"end":17.451}]}
[   17.944096] airroot: keeper: pid 106 keeps wlan0 up for the new root
[   18.820000] airroot-bench: clock uptime=18.43
AIRROOT-BENCH-RESULT {"uptime_seconds":18.42}
`

func feed(w *Watcher, console string) (doneAt int) {
	for i, line := range strings.SplitAfter(console, "\n") {
		if w.Line(line) {
			return i
		}
	}
	return -1
}

func TestWatcherSeed(t *testing.T) {
	w := NewWatcher("wlan0", true)
	feed(w, seedConsole)
	// The clock line says printk runs 0.4 s ahead of the uptime clock.
	want := map[string]float64{
		PhaseInit: 7.35, PhaseModules: 9.23, PhaseInterface: 9.62,
		PhaseAssociated: 14.356, PhaseKeys: 14.642,
		PhaseLeased: 22.69, PhaseNFS: 22.82, PhaseSwitchRoot: 22.87, PhaseNewRoot: 23.86,
	}
	if diff := cmp.Diff(want, w.Timeline()); diff != "" {
		t.Errorf("Timeline (-want +got):\n%s", diff)
	}
	if w.ClockOffset == nil || *w.ClockOffset != 0.4 {
		t.Errorf("ClockOffset = %v, want 0.4", w.ClockOffset)
	}
}

func TestWatcherAirroot(t *testing.T) {
	w := NewWatcher("wlan0", false)
	feed(w, airrootConsole)
	// associated comes from the kernel line, moved by the 0.39 s offset; keys from
	// airroot's own mark (its link is never dormant: "link becomes ready" means nothing).
	want := map[string]float64{
		PhaseInit: 6.519, PhaseModules: 7.201, PhaseInterface: 12.238,
		PhaseAssociated: 16.244, PhaseKeys: 16.4,
		PhaseLeased: 16.75, PhaseNFS: 16.95, PhaseSwitchRoot: 17.451, PhaseNewRoot: 18.42,
	}
	if diff := cmp.Diff(want, w.Timeline()); diff != "" {
		t.Errorf("Timeline (-want +got):\n%s", diff)
	}
}

func TestWatcherWithoutClockLineLeavesKernelPhasesOut(t *testing.T) {
	w := NewWatcher("wlan0", true)
	feed(w, strings.ReplaceAll(seedConsole, "airroot-bench: clock", "something else"))
	got := w.Timeline()
	for _, p := range []string{PhaseAssociated, PhaseKeys} {
		if v, ok := got[p]; ok {
			t.Errorf("Timeline()[%q] = %v without a clock line, want it left out", p, v)
		}
	}
	if got[PhaseNewRoot] != 23.86 {
		t.Errorf("Timeline()[%q] = %v, want 23.86", PhaseNewRoot, got[PhaseNewRoot])
	}
}

func TestWatcherEnds(t *testing.T) {
	tests := []struct {
		name    string
		console string
		check   func(*Watcher) error
	}{
		{
			name:    "result line",
			console: "SEED-PHASE start 3\nAIRROOT-BENCH-RESULT {\"uptime_seconds\":9.5}\nmore\n",
			check: func(w *Watcher) error {
				if w.Result == nil || w.Result.UptimeSeconds != 9.5 {
					return errors.New("want the result with uptime 9.5")
				}
				return nil
			},
		},
		{
			name:    "panic",
			console: "[ 3.1] Kernel panic - not syncing: Attempted to kill init!\nAIRROOT-BENCH-RESULT {}\n",
			check: func(w *Watcher) error {
				if !strings.HasPrefix(w.Panic, "Kernel panic - not syncing") || w.Result != nil {
					return errors.New("want the panic and no result")
				}
				return nil
			},
		},
		{
			name:    "unreadable result",
			console: "AIRROOT-BENCH-RESULT {\"uptime_seconds\":\n",
			check: func(w *Watcher) error {
				if w.Err == nil {
					return errors.New("want a parse error")
				}
				return nil
			},
		},
		{
			name:    "unreadable timeline",
			console: "airroot: timeline {oops\n",
			check: func(w *Watcher) error {
				if w.Err == nil {
					return errors.New("want a parse error")
				}
				return nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWatcher("wlan0", true)
			if at := feed(w, tt.console); at < 0 {
				t.Fatalf("the watcher never said the boot was over")
			}
			if err := tt.check(w); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestWatcherKeepsFirstPhase(t *testing.T) {
	w := NewWatcher("wlan0", true)
	feed(w, "SEED-PHASE nfs 5\nSEED-PHASE nfs 9\n")
	if got := w.Timeline()[PhaseNFS]; got != 5 {
		t.Errorf("NFS mounted = %v, want the first report, 5", got)
	}
}

func TestClockLineFormat(t *testing.T) {
	// The guest writes this line; the watcher must read what it writes.
	w := NewWatcher("wlan0", true)
	w.Line("[   10.500000] " + benchproto.ClockLinePrefix + "10.25\n")
	if w.ClockOffset == nil || *w.ClockOffset != 0.25 {
		t.Errorf("ClockOffset = %v, want 0.25", w.ClockOffset)
	}
}
