package main

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
)

// hostnamePath is the kernel's hostname, the nodename uname(2) returns (uname -n).
const hostnamePath = "proc/sys/kernel/hostname"

// checkHostname verifies that the new root sees the hostname exp.NamedBy gave:
// the DHCP lease's (RFC 2132 3.14, option 12) or ip='s <hostname> field, which
// airroot must have set before the switch.
func checkHostname(sys system, exp guestproto.Expect) guestproto.Check {
	data, err := fs.ReadFile(sys.root, hostnamePath)
	if err != nil {
		return newCheck("hostname", fmt.Errorf("read /%s: %w", hostnamePath, err), "")
	}
	got := strings.TrimSuffix(string(data), "\n")
	if got != exp.Hostname {
		err = fmt.Errorf("uname -n is %q, want %q from %s", got, exp.Hostname, exp.NamedBy)
	}
	return newCheck("hostname", err, fmt.Sprintf("uname -n is %q", got))
}
