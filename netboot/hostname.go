package netboot

import (
	"strings"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/ipconfig"
)

// maxHostname is the kernel's __NEW_UTS_LEN: what sethostname(2) takes.
const maxHostname = 64

// chooseHostname is the kernel's rule (net/ipv4/ipconfig.c): ip='s
// <hostname> field when given, else the lease's host name (option 12), else
// none. The kernel fills the node name from option 12 only while ip= set
// none, so a name the user typed always wins over the server's. from says
// which, for the log.
func chooseHostname(ip *ipconfig.Config, lease *dhcp.Lease) (name, from string) {
	switch {
	case ip != nil && ip.Hostname != "":
		return ip.Hostname, "ip="
	case lease != nil && validHostname(lease.Hostname):
		return lease.Hostname, "DHCP"
	}
	return "", ""
}

// validHostname reports whether a server's host name can be the node name:
// DNS letters, digits, '-' and '.', at most maxHostname bytes.
func validHostname(s string) bool {
	return s != "" && len(s) <= maxHostname && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") == ""
}

// applyHostname sets the kernel's host name as chooseHostname says, once the
// address is configured; the keeper shares its UTS namespace with PID 1 and
// the new root, whose init may set its own later.
func (n *Net) applyHostname() {
	name, from := chooseHostname(n.ip, n.lease)
	if name == "" {
		return
	}
	if err := n.sethostname(name); err != nil {
		n.logf("hostname: set %q (from %s): %v", name, from, err)
		return
	}
	n.logf("hostname: %s (from %s)", name, from)
}
