package app

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
)

// NetworkFile is where PID 1 tells the app about the network: KEY=value
// lines, as os-release(5) and udhcpc scripts have them, values unquoted:
//
//	STATE=waiting|up|failed
//	INTERFACE=wlan0
//	ADDRESS=192.168.1.20/24
//	GATEWAY=192.168.1.1
//	DNS=192.168.1.1,9.9.9.9
//	ERROR=why the network cannot come up (STATE=failed only)
//
// Keys with nothing to say are left out. The file is replaced whole
// (rename), so a reader never sees half of it.
const NetworkFile = "/run/airroot/network" // layout.AppNetwork

// The states of NetworkFile's STATE.
const (
	NetworkWaiting = "waiting"
	NetworkUp      = "up"
	NetworkFailed  = "failed"
)

// Network is what NetworkFile holds.
type Network struct {
	State     string
	Interface string
	Address   netip.Prefix
	Gateway   netip.Addr
	DNS       []netip.Addr
	Error     string
}

// Format writes n as NetworkFile's lines. Newlines in Error become spaces:
// one key, one line.
func (n Network) Format() []byte {
	var b strings.Builder
	line := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s=%s\n", key, strings.ReplaceAll(value, "\n", " "))
		}
	}
	line("STATE", n.State)
	line("INTERFACE", n.Interface)
	if n.Address.IsValid() {
		line("ADDRESS", n.Address.String())
	}
	if n.Gateway.IsValid() {
		line("GATEWAY", n.Gateway.String())
	}
	var dns []string
	for _, a := range n.DNS {
		dns = append(dns, a.String())
	}
	line("DNS", strings.Join(dns, ","))
	line("ERROR", n.Error)
	return []byte(b.String())
}

// ParseNetwork reads NetworkFile's lines into a map; a shell script reads
// one key with `sed -n 's/^ADDRESS=//p' /run/airroot/network`.
func ParseNetwork(data []byte) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && k != "" {
			m[k] = v
		}
	}
	return m
}

// WriteNetwork replaces the file at path (NetworkFile) with n, whole: a
// reader sees the old content or the new, never half of it.
func WriteNetwork(path string, n Network) error {
	tmp := path + ".new"
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(tmp, n.Format(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
