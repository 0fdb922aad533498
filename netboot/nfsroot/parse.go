package nfsroot

import (
	"net/netip"
	"strings"
)

// splitServer splits "[<server>:]<root-dir>" into the server (brackets removed) and the
// directory. What cannot be a server is left as the directory for checkPath to judge.
func splitServer(head string) (server, path string, err error) {
	switch {
	case head == "" || head[0] == '/':
		return "", head, nil
	case head[0] == '[':
		return splitBracketed(head)
	}
	if i := strings.Index(head, ":/"); i >= 0 {
		return head[:i], head[i+1:], nil
	}
	if i := strings.LastIndexByte(head, ':'); i >= 0 && (head[i+1:] == "" || head[i+1:] == "default") {
		return head[:i], "", nil // a server and no directory
	}
	if _, err := netip.ParseAddr(head); err == nil {
		return head, "", nil // the kernel also takes a bare server address
	}
	return "", head, nil
}

// cutColonOptions takes dracut's ":<nfs-options>" off the end of an absolute root
// directory: each tail after its last colon that reads as NFS mount options
// (readsAsOptions), so that "/srv/pi:tcp:vers=3" is /srv/pi with "tcp,vers=3". A tail
// that does not, and any colon in a relative name, stay in the path for checkPath.
func cutColonOptions(path string) (dir, opts string) {
	if !strings.HasPrefix(path, "/") {
		return path, ""
	}
	cut := len(path)
	for {
		i := strings.LastIndexByte(path[:cut], ':')
		if i < 0 || !readsAsOptions(path[i+1:cut]) {
			break
		}
		cut = i
	}
	if cut == len(path) {
		return path, ""
	}
	return path[:cut], strings.ReplaceAll(path[cut+1:], ":", ",")
}

// splitBracketed splits "[<ipv6>]:<root-dir>" (or "[<ipv6>]" alone).
func splitBracketed(head string) (server, path string, err error) {
	end := strings.IndexByte(head, ']')
	if end < 0 {
		return "", "", because(ErrBadServer, "bad server %q: no closing ']'", head)
	}
	server, rest := head[1:end], head[end+1:]
	if a, err := netip.ParseAddr(server); err != nil || !a.Is6() {
		return "", "", because(ErrBadServer, "bad server %q: brackets hold an IPv6 address", head[:end+1])
	}
	if rest != "" && rest[0] != ':' {
		return "", "", because(ErrBadServer, "bad server %q: want [<ipv6-address>]:<root-dir>", head)
	}
	return server, strings.TrimPrefix(rest, ":"), nil
}

// checkServer checks a server named without brackets: an IP address or a host name.
func checkServer(s string) error {
	if s == "" {
		return nil
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return checkServerAddr(s, a)
	}
	switch {
	case onlyBytes(s, func(c byte) bool { return '0' <= c && c <= '9' || c == '.' }):
		return because(ErrBadServer, "bad server %q: not an IPv4 address (want a.b.c.d)", s)
	case strings.Contains(s, ":"):
		return because(ErrBadServer, "bad server %q: not an IPv6 address", s)
	case !isHostName(s):
		return because(ErrBadServer, "bad server %q: not an IP address or a host name", s)
	}
	return nil
}

var broadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// checkServerAddr checks that the server's address a (written s) is a host's, and that
// its IPv6 zone, if any, is an interface name.
func checkServerAddr(s string, a netip.Addr) error {
	if zone := a.Zone(); zone != "" && !isZone(zone) {
		return because(ErrBadServer, "bad server %q: zone %q is not an interface name", s, zone)
	}
	if a = a.WithZone(""); a.IsUnspecified() || a.IsMulticast() || a == broadcast {
		return because(ErrBadServer, "bad server %q: not the address of a host", s)
	}
	return nil
}

// isZone reports whether zone can be an interface name (at most 15 bytes of letters,
// digits, '-', '_' and '.').
func isZone(zone string) bool {
	return len(zone) <= 15 && onlyBytes(zone, func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
	})
}

// isHostName reports whether s is a DNS host name: dot-separated labels of letters, digits
// and inner hyphens, each at most 63 bytes, at most 253 in all.
func isHostName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		if !onlyBytes(label, func(c byte) bool {
			return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
		}) {
			return false
		}
	}
	return true
}

// maxPath is the kernel's NFS_MAXPATHLEN.
const maxPath = 1024

// checkPath checks a root directory: absolute (or empty: not given), printable, not too
// long, with only the % sequences Expand knows.
func checkPath(p string) error {
	switch {
	case p == "":
		return nil
	case p[0] != '/':
		return because(ErrNotAbsolute, "root directory %q is not an absolute path", p)
	case len(p) > maxPath:
		return because(ErrBadPath, "root directory is %d bytes long, at most %d", len(p), maxPath)
	case !onlyBytes(p, isPrintable):
		return because(ErrBadPath, "root directory %q holds a control character", p)
	}
	return checkSequences(p)
}

func isPrintable(c byte) bool { return c >= ' ' && c != 0x7f }

// splitOptions splits comma-separated mount options, skipping empty ones as the kernel does.
func splitOptions(opts string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(opts, ",") {
		if o == "" {
			continue
		}
		if err := checkOption(o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func checkOption(o string) error {
	name, _, _ := strings.Cut(o, "=")
	switch {
	case name == "":
		return because(ErrBadOption, "bad option %q: no name before '='", o)
	case !onlyBytes(o, func(c byte) bool { return c > ' ' && c != 0x7f }):
		return because(ErrBadOption, "bad option %q: holds a space or control character", o)
	}
	if isVersionKey(optionKey(o)) {
		if _, ok := optionVersion(o); !ok {
			return because(ErrBadOption, "bad option %q: unknown NFS version (want 2, 3, 4, 4.0, 4.1 or 4.2)", o)
		}
	}
	return nil
}

func onlyBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}
