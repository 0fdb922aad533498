package main

import (
	"math"
	"net/netip"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
)

// The guest's kernel-log marks around the soak's I/O: the keeper's events count only
// between them (when they are there), the address from the whole boot.
const (
	soakBeginMark = guestproto.SoakBeginMark
	soakEndMark   = "e2e-guest: soak ends"
)

// deauthMarkPrefix starts the guest's kernel-log mark written just before it asks the
// access point to deauthenticate the station.
const deauthMarkPrefix = "e2e-guest: deauthenticate "

// The keeper's kernel-log lines a soak counts (after "airroot: " and, before the
// switch, a severity tag).
const (
	groupRekeyLine    = "wifi: group key renewed"
	pairwiseRekeyLine = "wifi: pairwise key renewed"
	linkLostLine      = "wifi: link lost"
	reconnectedLine   = "wifi: reconnected after "
	renewedLine       = "dhcp: renewed "
	// saQueryAnswered is in the keeper's line when the access point answered its SA
	// Query (802.11-2020 11.13) after an unprotected deauthentication.
	saQueryAnswered = "answered our SA Query"
)

// keeperLog is what the keeper's kernel-log lines say about a soak.
type keeperLog struct {
	group, pairwise, lost, renewals int
	saQueriesAnswered               int
	addresses                       []string
	// marks are the times of the guest's deauthentication and restart marks (the
	// outages it caused); reconnects are the
	// times and texts of the keeper's "reconnected after" lines.
	marks      []float64
	reconnects []kmsgRecord
	// dhcpOutages are the spells of trouble with the lease.
	dhcpOutages []guestproto.DHCPOutage
}

// analyzeKeeperLog counts the keeper's link events in the kernel log between the
// soak's marks, and the addresses its DHCP lines name from the whole boot.
func analyzeKeeperLog(records []kmsgRecord) keeperLog {
	var l keeperLog
	begin, end := soakWindow(records)
	for _, r := range records {
		if r.At < begin || r.At > end {
			if line, ok := keeperLine(r.Msg); ok {
				l.addDHCPAddress(line)
			}
			continue
		}
		if isOutageMark(r.Msg) {
			l.marks = append(l.marks, r.At)
			continue
		}
		line, ok := keeperLine(r.Msg)
		if !ok {
			continue
		}
		l.addDHCPAddress(line)
		l.addDHCPLine(r.At, line)
		switch {
		case strings.HasPrefix(line, groupRekeyLine):
			l.group++
		case strings.HasPrefix(line, pairwiseRekeyLine):
			l.pairwise++
		case strings.HasPrefix(line, linkLostLine):
			l.lost++
		case strings.HasPrefix(line, reconnectedLine):
			l.reconnects = append(l.reconnects, kmsgRecord{At: r.At, Msg: strings.TrimPrefix(line, reconnectedLine)})
		case strings.HasPrefix(line, renewedLine):
			l.renewals++
		case strings.Contains(line, saQueryAnswered):
			l.saQueriesAnswered++
		}
	}
	return l
}

// isOutageMark reports whether msg is the guest's mark before an outage it causes.
func isOutageMark(msg string) bool {
	for _, prefix := range []string{deauthMarkPrefix, restartMarkPrefix, switchOffMarkPrefix} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// keeperLine is an airroot line without its prefix and severity tag.
func keeperLine(msg string) (string, bool) {
	_, line, ok := strings.Cut(msg, "airroot: ")
	return strings.TrimPrefix(strings.TrimPrefix(line, "warning: "), "error: "), ok
}

// addDHCPAddress records the address a DHCP line names: "dhcp: wlan0 got A/24 from",
// "dhcp: renewed A from", "dhcp: rebound A", "dhcp: got back A".
func (l *keeperLog) addDHCPAddress(line string) {
	for _, prefix := range []string{renewedLine, "dhcp: rebound ", "dhcp: got back "} {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			l.addAddress(rest)
			return
		}
	}
	if rest, ok := strings.CutPrefix(line, "dhcp: "); ok {
		if _, addr, ok := strings.Cut(rest, " got "); ok {
			l.addAddress(addr)
		}
	}
}

// soakWindow is when the soak's I/O ran, in kernel-log time: everything when the
// marks are missing.
func soakWindow(records []kmsgRecord) (begin, end float64) {
	begin, end = math.Inf(-1), math.Inf(1)
	for _, r := range records {
		switch r.Msg {
		case soakBeginMark:
			begin = r.At
		case soakEndMark:
			end = r.At
		}
	}
	return begin, end
}

// addAddress records the address that starts text ("10.0.2.100/24 from ..."), once.
func (l *keeperLog) addAddress(text string) {
	word, _, _ := strings.Cut(text, " ")
	word, _, _ = strings.Cut(word, "/")
	a, err := netip.ParseAddr(word)
	if err != nil {
		return
	}
	if n := len(l.addresses); n > 0 && l.addresses[n-1] == a.String() {
		return
	}
	l.addresses = append(l.addresses, a.String())
}

// reconnectsAfter pairs each outage mark with the first "reconnected" line
// after it (and before the next mark).
func (l keeperLog) reconnectsAfter() []guestproto.Reconnect {
	out := make([]guestproto.Reconnect, len(l.marks))
	for i, at := range l.marks {
		out[i].DeauthAt = at
		next := -1.0
		if i+1 < len(l.marks) {
			next = l.marks[i+1]
		}
		for _, r := range l.reconnects {
			if r.At >= at && (next < 0 || r.At < next) {
				d := msRound(r.At - at)
				out[i].ReconnectedSeconds, out[i].KeeperSays = &d, r.Msg
				break
			}
		}
	}
	return out
}

// leaseTaken reports whether line is the keeper's for a lease it took: a renewal,
// a rebinding, a lease confirmed once the link was back, INIT ("dhcp: got A", and
// at boot "dhcp: wlan0 got A/24").
func leaseTaken(line string) bool {
	return strings.HasPrefix(line, renewedLine) || strings.HasPrefix(line, "dhcp: rebound ") ||
		strings.HasPrefix(line, "dhcp: confirmed ") || strings.Contains(line, " got ")
}

// addDHCPLine follows the keeper's DHCP lines at kernel-log time at: any other
// than a lease taken opens an outage, if none is open; a lease taken closes it.
func (l *keeperLog) addDHCPLine(at float64, line string) {
	if !strings.HasPrefix(line, "dhcp: ") {
		return
	}
	n := len(l.dhcpOutages)
	open := n > 0 && l.dhcpOutages[n-1].RecoveredSeconds == nil
	if leaseTaken(line) {
		if open {
			d := msRound(at - l.dhcpOutages[n-1].At)
			l.dhcpOutages[n-1].RecoveredSeconds, l.dhcpOutages[n-1].Recovery = &d, line
		}
		return
	}
	if !open {
		l.dhcpOutages = append(l.dhcpOutages, guestproto.DHCPOutage{At: at, Trouble: line})
	}
}
