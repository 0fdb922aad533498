package hostapdctl

import "strings"

// Status is hostapd's answer to STATUS: one key=value pair a line (state=ENABLED,
// channel=6, ssid[0]=...). A key seen twice keeps its last value.
type Status map[string]string

// ParseStatus reads a STATUS reply. Lines without '=' are ignored.
func ParseStatus(reply string) Status {
	st := Status{}
	for _, line := range strings.Split(reply, "\n") {
		key, value, ok := strings.Cut(strings.TrimRight(line, "\r"), "=")
		if ok && key != "" {
			st[key] = value
		}
	}
	return st
}

// Enabled reports whether the access point is up: hostapd's interface state is ENABLED
// (what its AP-ENABLED event announces).
func (s Status) Enabled() bool { return s["state"] == "ENABLED" }
