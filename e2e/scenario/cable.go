package scenario

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/e2e/machine"
)

// CablePull takes the board's wired link down At seconds into the keeper soak's I/O
// and brings it back DownSeconds later, through QEMU's monitor (set_link on the
// board's user network): a cable pulled and plugged back, a switch that restarts.
// The keeper must say so and confirm its lease once the carrier is back
// (INIT-REBOOT), and the I/O go on without an error.
type CablePull struct{ At, DownSeconds float64 }

func (c CablePull) validate(s Scenario) []error {
	var errs []error
	if _, wired := s.Network.(Ethernet); !wired {
		errs = append(errs, errors.New("a pulled cable needs a wired network"))
	}
	if _, stick := findFault[HotplugStick](s); stick {
		errs = append(errs, errors.New("a pulled cable and a USB stick: one monitor each, not both"))
	}
	if c.DownSeconds <= 0 {
		errs = append(errs, fmt.Errorf("a pulled cable needs DownSeconds (%v)", c.DownSeconds))
	}
	return append(errs, duringIO(s, "pulled cable", c.At)...)
}

// CableOutage is what the harness did to the board's link, in report.json.
type CableOutage struct {
	// PulledAtSeconds is from the guest's soak-begin line on the console to set_link off.
	PulledAtSeconds float64 `json:"pulled_at_seconds"`
	// DownSeconds is from set_link off to set_link on.
	DownSeconds float64 `json:"down_seconds"`
	Error       string  `json:"error,omitempty"`
}

// cablePuller pulls the cable as c says once the console shows the soak's I/O begin.
type cablePuller struct {
	c       CablePull
	monitor string // the monitor's socket
	soak    onSoakBegin
	outcome CableOutage
}

// newCablePuller is s's puller, its monitor in work; nil without a CablePull.
func newCablePuller(s Scenario, work string) *cablePuller {
	c, ok := findFault[CablePull](s)
	if !ok {
		return nil
	}
	return &cablePuller{c: c, monitor: filepath.Join(work, "monitor.sock"), soak: newOnSoakBegin()}
}

// qemuArgs are the monitor's arguments; none without a puller.
func (p *cablePuller) qemuArgs() []string {
	if p == nil {
		return nil
	}
	return machine.MonitorArgs(p.monitor)
}

// line watches a console line for the guest's soak-begin mark.
func (p *cablePuller) line(l string) {
	if p != nil {
		p.soak.line(l, p.run)
	}
}

func (p *cablePuller) run(begin time.Time) {
	time.Sleep(time.Until(begin.Add(seconds(p.c.At))))
	pulled := time.Now()
	err := p.setLink("off")
	if err == nil {
		time.Sleep(seconds(p.c.DownSeconds))
		err = p.setLink("on")
	}
	p.outcome = CableOutage{PulledAtSeconds: round1(pulled.Sub(begin).Seconds()), DownSeconds: round1(time.Since(pulled).Seconds())}
	if err != nil {
		p.outcome.Error = err.Error()
	}
}

func (p *cablePuller) setLink(state string) error {
	m, err := machine.DialMonitor(p.monitor, 10*time.Second)
	if err != nil {
		return err
	}
	defer m.Close()
	_, err = m.Command("set_link " + machine.NetdevID + " " + state)
	return err
}

// result waits for the pull, if the soak began, and returns what it did; nil
// without a puller or a soak.
func (p *cablePuller) result() *CableOutage {
	if p == nil || !p.soak.wait() {
		return nil
	}
	return &p.outcome
}

// cablePullProblems judges the pulled cable: it happened (ioProblems has counted
// the I/O errors, the scenario's patterns the keeper's lines).
func cablePullProblems(s Scenario, obs observation) []string {
	if _, ok := findFault[CablePull](s); !ok {
		return nil
	}
	switch o := obs.CablePull; {
	case o == nil:
		return []string{"the cable was never pulled: the console showed no soak begin"}
	case o.Error != "":
		return []string{"the pulled cable: " + o.Error}
	}
	return nil
}
