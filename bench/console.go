package bench

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/init/layout"
)

// airrootSteps maps airroot's timeline steps to phases: each phase is reached when
// the step ends. Over Wi-Fi the keeper marks instants within its "wifi" step.
var airrootSteps = map[string]string{
	layout.StepMount:         PhaseInit,
	layout.StepModules:       PhaseModules,
	layout.StepLink:          PhaseInterface,
	layout.MarkInterfaceUp:   PhaseInterface,
	layout.MarkAssociated:    PhaseAssociated,
	layout.MarkKeysInstalled: PhaseKeys,
	layout.StepDHCP:          PhaseLeased,
	layout.StepAddress:       PhaseLeased,
	layout.StepNFS:           PhaseNFS,
	layout.StepSwitchRoot:    PhaseSwitchRoot,
}

// seedSteps maps the seed script's SEED-PHASE names to phases.
var seedSteps = map[string]string{
	"start":       PhaseInit,
	"modules":     PhaseModules,
	"interface":   PhaseInterface,
	"leased":      PhaseLeased,
	"nfs":         PhaseNFS,
	"switch_root": PhaseSwitchRoot,
}

// printkLine is a kernel log line on the console: its time and message.
var printkLine = regexp.MustCompile(`\[\s*(\d+\.\d+)\]\s+(.*)$`)

// Watcher reads one boot's console and collects the phases it shows.
type Watcher struct {
	// Station is the interface whose kernel lines count (wlan0); the access point's
	// radio prints lines too.
	Station string
	// LinkReadyIsKeys says the station's "link becomes ready" kernel line marks the
	// keys installed: wpa_supplicant keeps the link dormant until its handshakes are
	// done (airroot does not, so its own timeline says when).
	LinkReadyIsKeys bool
	// Phases are reached on the uptime clock (CLOCK_BOOTTIME): the seed's phase
	// lines, airroot's timeline, the guest's result.
	Phases map[string]float64
	// Kernel are phases seen in kernel lines, on the printk clock.
	Kernel map[string]float64
	// ClockOffset is the printk clock minus the uptime clock, from the guest's
	// clock line; nil until seen.
	ClockOffset *float64
	Result      *benchproto.Result
	// Steps is airroot's timeline, once its line came.
	Steps []machine.Step
	// Floor are the floor program's FLOOR-PHASE figures, by phase.
	Floor map[string][]float64
	// Panic is the kernel's panic line; Err the first line that did not parse.
	Panic string
	Err   error
}

// NewWatcher returns a Watcher for the station interface station.
func NewWatcher(station string, linkReadyIsKeys bool) *Watcher {
	return &Watcher{Station: station, LinkReadyIsKeys: linkReadyIsKeys, Phases: map[string]float64{}, Kernel: map[string]float64{},
		Floor: map[string][]float64{}}
}

// Line feeds one console line and reports whether the boot is over: the guest's
// result arrived, the kernel panicked or a line could not be read.
func (w *Watcher) Line(line string) (done bool) {
	line = strings.TrimRight(line, "\r\n")
	if i := strings.Index(line, machine.PanicMarker); i >= 0 && w.Panic == "" {
		w.Panic = line[i:]
		return true
	}
	if name, up, ok := ParsePhaseLine(line); ok {
		reach(w.Phases, seedSteps[name], up)
	}
	if name, v, ok := benchproto.ParseFloorLine(line); ok {
		w.Floor[name] = append(w.Floor[name], v)
	}
	w.kernelLine(line)
	if tl, err := machine.ParseTimelineLine(line); err == nil {
		if w.Steps == nil {
			w.Steps = tl.Steps
		}
		for _, st := range tl.Steps {
			reach(w.Phases, airrootSteps[st.Name], st.End)
		}
	} else if !errors.Is(err, machine.ErrNoTimeline) {
		w.Err = err
		return true
	}
	r, err := benchproto.ParseResultLine(line)
	switch {
	case err == nil:
		w.Result = &r
		reach(w.Phases, PhaseNewRoot, r.UptimeSeconds)
		return true
	case !errors.Is(err, benchproto.ErrNoResult):
		w.Err = err
		return true
	}
	return false
}

// kernelLine notes the station's association, its link becoming ready and the
// guest's clock line.
func (w *Watcher) kernelLine(line string) {
	m := printkLine.FindStringSubmatch(line)
	if m == nil {
		return
	}
	t, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return
	}
	msg := m[2]
	switch {
	case msg == w.Station+": associated":
		reach(w.Kernel, PhaseAssociated, t)
	case w.LinkReadyIsKeys && msg == "IPv6: ADDRCONF(NETDEV_CHANGE): "+w.Station+": link becomes ready":
		reach(w.Kernel, PhaseKeys, t)
	case strings.HasPrefix(msg, benchproto.ClockLinePrefix) && w.ClockOffset == nil:
		if up, err := strconv.ParseFloat(strings.TrimPrefix(msg, benchproto.ClockLinePrefix), 64); err == nil {
			off := round3(t - up)
			w.ClockOffset = &off
		}
	}
}

// Timeline returns every phase on the uptime clock: kernel-line phases moved by
// the clock offset win over the same phases from airroot's timeline, so that every
// variant's association is timed alike. Without a clock offset they are left out.
func (w *Watcher) Timeline() map[string]float64 {
	out := make(map[string]float64, len(w.Phases)+len(w.Kernel))
	for name, v := range w.Phases {
		out[name] = v
	}
	if w.ClockOffset != nil {
		for name, v := range w.Kernel {
			out[name] = round3(v - *w.ClockOffset)
		}
	}
	return out
}

// reach records the first time a phase was reached; "" (a step with no phase) is
// ignored.
func reach(phases map[string]float64, phase string, at float64) {
	if phase == "" {
		return
	}
	if _, seen := phases[phase]; !seen {
		phases[phase] = round3(at)
	}
}

// Durations are the floor table's phases in this boot: airroot's spans from its
// timeline, or the floor program's figures (a boot with floor lines).
func (w *Watcher) Durations() map[string][]float64 {
	var newRoot float64
	ok := w.Result != nil && w.Result.Error == ""
	if ok {
		newRoot = w.Result.UptimeSeconds
	}
	if len(w.Floor) > 0 {
		return floorDurations(w.Floor, newRoot, ok)
	}
	if w.Steps == nil {
		return nil
	}
	return airrootDurations(w.Steps, newRoot, ok)
}
