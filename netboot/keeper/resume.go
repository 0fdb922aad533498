package keeper

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/dhcp"
)

// resume is what a restarted worker needs to carry on where the last one
// stopped, without PID 1 (by then the new system's init) and without the
// initramfs (its files are gone after switch_root). The supervisor holds it:
// the Wi-Fi configuration it read at start, and what each worker reported.
type resume struct {
	// WiFiConfig is the content of the Wi-Fi configuration file; nil
	// when the initramfs has none (a wired root).
	WiFiConfig []byte `json:"wifi_config,omitempty"`
	// EAPFiles are the 802.1X certificates and keys under
	// layout.EAPFiles, by path, for joins after the switch.
	EAPFiles map[string][]byte `json:"eap_files,omitempty"`
	// Worker is what the worker reported last.
	Worker workerState `json:"worker"`
}

// workerState is what a worker tells the supervisor, whole, on each change.
type workerState struct {
	// Switched: the worker has followed PID 1 into the new root; a
	// worker that ends after that is restarted, one that ends before is
	// PID 1's to start again.
	Switched bool `json:"switched,omitempty"`
	// Net is the network as it was brought up: the address and routes
	// are still on the interface when a worker dies, and stay there.
	Net *netboot.State `json:"net,omitempty"`
	// Lease is the DHCP lease of Net's address (without the ACK), so that
	// the next worker renews it on time instead of asking anew.
	Lease *dhcp.Lease `json:"lease,omitempty"`
	// LeaseUptime is when Lease was acquired on CLOCK_BOOTTIME (seconds
	// since boot): Lease.Acquired is wall-clock time, which a board
	// without a real-time clock moves by decades when NTP sets it, and a
	// lease timed by it would look long over to the next worker.
	LeaseUptime float64 `json:"lease_uptime,omitempty"`
	// SSID and Frequency (MHz) are the network joined last: the next
	// worker rejoins there first (the association itself dies with the
	// worker, see restartedWiFi).
	SSID      string `json:"ssid,omitempty"`
	Frequency int    `json:"frequency,omitempty"`
}

// withoutACK copies l, dropping the ACK, which nothing after the first
// exchange reads.
func withoutACK(l *dhcp.Lease) *dhcp.Lease {
	if l == nil {
		return nil
	}
	c := *l
	c.ACK = nil
	return &c
}

// leaseUptime is when l was acquired on CLOCK_BOOTTIME, uptime being that
// clock at now: l.Acquired carries the monotonic reading of the process
// that took it, which time.Since uses.
func leaseUptime(l *dhcp.Lease, now time.Time, uptime float64) float64 {
	if l == nil || l.Acquired.IsZero() {
		return 0
	}
	return uptime - now.Sub(l.Acquired).Seconds()
}

// resumedLease is l with Acquired set from its CLOCK_BOOTTIME stamp (see
// leaseUptime), uptime being that clock at now: as long ago as it was, on
// whatever the wall clock says now. Without a stamp (a worker from before
// it was kept) l stays as it was.
func resumedLease(l *dhcp.Lease, acquiredUptime float64, now time.Time, uptime float64) *dhcp.Lease {
	if l == nil || acquiredUptime <= 0 {
		return l
	}
	c := *l
	c.Acquired = now.Add(-time.Duration((uptime - acquiredUptime) * float64(time.Second)))
	return &c
}

// writeJSON writes v as one line.
func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// readResume reads what the supervisor handed a worker.
func readResume(r io.Reader) (resume, error) {
	var res resume
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return res, fmt.Errorf("read the keeper's state from its supervisor: %w", err)
	}
	return res, nil
}
