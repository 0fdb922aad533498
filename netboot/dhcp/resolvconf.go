package dhcp

import (
	"bytes"
	"fmt"
)

// ResolvConf renders l's name servers and domain as /etc/resolv.conf. A
// domain that is not a plain DNS name (it would inject lines) is left out.
func ResolvConf(l Lease) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# from the DHCP lease on %s\n", sanitizeComment(l.Interface))
	if isDNSName(l.Domain) {
		fmt.Fprintf(&b, "search %s\n", l.Domain)
	}
	for _, ns := range l.DNS {
		if ns.IsValid() {
			fmt.Fprintf(&b, "nameserver %s\n", ns)
		}
	}
	return b.Bytes()
}

// isDNSName reports whether s is a non-empty name of letters, digits,
// hyphens, underscores and dots, at most 253 bytes long.
func isDNSName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// sanitizeComment keeps an interface name from breaking out of its comment.
func sanitizeComment(s string) string {
	return string(bytes.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, []byte(s)))
}
