//go:build linux

package nl80211test

import (
	"encoding/binary"
	"slices"
	"time"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// staleMsAgo is when the kernel last heard a Stale access point.
const staleMsAgo = 5000

// triggerScan finds the access points the request would: hidden ones
// only when probed for, only on the requested frequencies. Stale ones are
// listed whatever the request. With ScanDwell the scan then runs in the
// background (step); a second scan meanwhile gets EBUSY, as from cfg80211.
func (k *Kernel) triggerScan(r Request) ([]genetlink.Message, error) {
	ifindex := ifindexOf(r)
	freqs := requestedFrequencies(r)
	k.mu.Lock()
	if k.stepping[ifindex] != nil {
		k.mu.Unlock()
		return nil, genltest.Error(int(unix.EBUSY))
	}
	heard, stale := k.inRange(freqs, nestedValues(r, unix.NL80211_ATTR_SCAN_SSIDS))
	dwell, stall := k.ScanDwell, k.StallScans
	switch {
	case dwell > 0:
		stop := make(chan struct{})
		k.stepping[ifindex] = stop
		k.visible[ifindex] = stale
		go k.step(ifindex, scanOrder(freqs, heard), heard, stop)
	case stall:
		k.visible[ifindex] = append(stale, heard...)
		k.scanning[ifindex] = true
	default:
		k.visible[ifindex] = append(stale, heard...)
	}
	k.mu.Unlock()
	if dwell == 0 && !stall {
		k.scanDone(ifindex, unix.NL80211_CMD_NEW_SCAN_RESULTS)
	}
	return ack()
}

// requestedFrequencies decodes a TRIGGER_SCAN's frequencies, in order.
func requestedFrequencies(r Request) []int {
	var freqs []int
	for _, f := range nestedValues(r, unix.NL80211_ATTR_SCAN_FREQUENCIES) {
		freqs = append(freqs, int(binary.NativeEndian.Uint32(f)))
	}
	return freqs
}

// inRange returns the access points a scan of freqs (all when empty),
// probing for the SSIDs probed, hears, and the Stale ones the kernel
// still lists. k.mu must be held.
func (k *Kernel) inRange(freqs []int, probed [][]byte) (heard, stale []BSS) {
	for _, b := range k.bsses {
		switch {
		case b.Stale:
			stale = append(stale, b)
			continue
		case len(freqs) > 0 && !slices.Contains(freqs, b.Frequency):
			continue
		case b.Hidden && !slices.ContainsFunc(probed, func(s []byte) bool { return string(s) == b.SSID }):
			b.SSID = ""
		}
		heard = append(heard, b)
	}
	return heard, stale
}

// scanOrder is the order a scan visits its channels in: the request's, as
// cfg80211 (nl80211_trigger_scan) and mac80211's software scan keep it;
// for a request naming none, the access points' channels, lowest first.
func scanOrder(freqs []int, heard []BSS) []int {
	if len(freqs) > 0 {
		return freqs
	}
	for _, b := range heard {
		if !slices.Contains(freqs, b.Frequency) {
			freqs = append(freqs, b.Frequency)
		}
	}
	slices.Sort(freqs)
	return freqs
}

// step runs a ScanDwell scan on ifindex: each channel of order in turn,
// its access points listed once it was visited, then the end of the scan,
// unless ABORT_SCAN closed stop first.
func (k *Kernel) step(ifindex int, order []int, heard []BSS, stop chan struct{}) {
	for _, f := range order {
		select {
		case <-time.After(k.ScanDwell):
		case <-stop:
			return
		case <-k.closed:
			return
		}
		k.mu.Lock()
		if k.stepping[ifindex] != stop {
			k.mu.Unlock()
			return
		}
		for _, b := range heard {
			if b.Frequency == f {
				k.visible[ifindex] = append(k.visible[ifindex], b)
			}
		}
		k.mu.Unlock()
	}
	k.mu.Lock()
	ended := k.stepping[ifindex] == stop
	delete(k.stepping, ifindex)
	k.mu.Unlock()
	if ended {
		k.scanDone(ifindex, unix.NL80211_CMD_NEW_SCAN_RESULTS)
	}
}

// abortScan ends a stalled or ScanDwell scan: the kernel reports it
// aborted and keeps what it found. With no scan running it answers
// ENOENT, as cfg80211 does.
func (k *Kernel) abortScan(r Request) ([]genetlink.Message, error) {
	ifindex := ifindexOf(r)
	k.mu.Lock()
	running := k.scanning[ifindex]
	delete(k.scanning, ifindex)
	if stop := k.stepping[ifindex]; stop != nil {
		close(stop)
		delete(k.stepping, ifindex)
		running = true
	}
	k.mu.Unlock()
	if !running {
		return nil, genltest.Error(int(unix.ENOENT))
	}
	k.scanDone(ifindex, unix.NL80211_CMD_SCAN_ABORTED)
	return ack()
}

// scanDone announces the end of a scan on ifindex.
func (k *Kernel) scanDone(ifindex int, cmd uint8) {
	k.Multicast(cmd, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindex))
	})
}

// getScan lists what the kernel heard on the interface so far: during a
// ScanDwell scan too, as cfg80211 adds each access point to its table as
// it is heard.
func (k *Kernel) getScan(r Request) ([]genetlink.Message, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []genetlink.Message
	for _, b := range k.visible[ifindexOf(r)] {
		out = append(out, message(unix.NL80211_CMD_NEW_SCAN_RESULTS, func(ae *netlink.AttributeEncoder) {
			ae.Uint32(unix.NL80211_ATTR_GENERATION, 1)
			ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifindexOf(r)))
			ae.Nested(unix.NL80211_ATTR_BSS, func(nae *netlink.AttributeEncoder) error {
				encodeBSS(nae, b)
				return nil
			})
		}))
	}
	return out, nil
}

func encodeBSS(ae *netlink.AttributeEncoder, b BSS) {
	ies := append([]byte{0, byte(len(b.SSID))}, b.SSID...)
	ies = append(ies, b.IEs...)
	seen := uint32(20)
	if b.Stale {
		seen = staleMsAgo
	}
	ae.Bytes(unix.NL80211_BSS_BSSID, b.BSSID)
	ae.Uint32(unix.NL80211_BSS_FREQUENCY, uint32(b.Frequency))
	ae.Uint16(unix.NL80211_BSS_BEACON_INTERVAL, 100)
	ae.Uint16(unix.NL80211_BSS_CAPABILITY, b.Capability)
	ae.Bytes(unix.NL80211_BSS_INFORMATION_ELEMENTS, ies)
	ae.Int32(unix.NL80211_BSS_SIGNAL_MBM, b.Signal)
	ae.Uint32(unix.NL80211_BSS_SEEN_MS_AGO, seen)
}
