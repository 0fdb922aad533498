package dhcp

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// ResolvConf renders l's name servers and search list as /etc/resolv.conf:
// the domain search list (option 119) when the lease has one, else its
// domain (option 15), as RFC 3397 and dhcpcd have it. A name that is not a
// plain DNS name (it would inject lines) is left out.
func ResolvConf(l Lease) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# from the DHCP lease on %s\n", sanitizeComment(l.Interface))
	if search := searchList(l); len(search) > 0 {
		fmt.Fprintf(&b, "search %s\n", strings.Join(search, " "))
	}
	for _, ns := range l.DNS {
		if ns.IsValid() {
			fmt.Fprintf(&b, "nameserver %s\n", ns)
		}
	}
	return b.Bytes()
}

// maxSearch is how many search domains resolv.conf keeps: glibc before 2.26
// and musl read six.
const maxSearch = 6

// searchList is the domains of resolv.conf's search line: option 119's, else
// option 15's, plain DNS names only (without the root's trailing dot), at
// most maxSearch.
func searchList(l Lease) []string {
	names := l.Search
	if len(names) == 0 {
		names = []string{l.Domain}
	}
	var out []string
	for _, n := range names {
		n = strings.TrimSuffix(n, ".")
		if isDNSName(n) && !slices.Contains(out, n) && len(out) < maxSearch {
			out = append(out, n)
		}
	}
	return out
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
