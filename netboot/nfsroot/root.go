package nfsroot

import (
	"strconv"
	"strings"
)

// ParseRoot parses the value of root= and reports whether it asks for an NFS root:
//
//	root=/dev/nfs, root=dhcp          NFS root described elsewhere (nfsroot= or DHCP): an empty Spec
//	root=nfs:[<server>:]<root-dir>[:<nfs-options>]    dracut; options may also follow a ','
//	root=nfs4:[<server>:]<root-dir>[:<nfs-options>]   the same with NFS version 4
//	root=nfs://<server>[:<port>]/<root-dir>           RFC 2224 URL, as dracut accepts it
//	root=<server-ip>:/<root-dir>[:<nfs-options>]      dracut's legacy form
//
// An IPv6 server goes in brackets: root=nfs:[2001:db8::1]:/srv/pi. Anything else (a block
// device, PARTUUID=...) is not NFS: isNFS is false and err nil.
func ParseRoot(v string) (spec Spec, isNFS bool, err error) {
	const param = "root="
	switch v {
	case "/dev/nfs", "dhcp", "nfs":
		return Spec{Version: defaultVersion}, true, nil
	case "nfs4":
		return Spec{Version: 4}, true, nil
	case "dhcp6": // dracut: the root-path from DHCPv6
		return Spec{}, true, &Error{Param: param, Err: because(ErrBadServer,
			"dhcp6: DHCPv6 is not supported (airroot configures IPv4: root=dhcp takes the root-path from DHCP)")}
	}
	if s, ok, err := parseNetroot(param, v); ok {
		return s, true, err
	}
	if isLegacyServerPath(v) {
		s, err := parseDracutForm(param, "nfs", v)
		return s, true, err
	}
	return Spec{}, false, nil
}

// parseNetroot parses the nfs:, nfs4: and nfs:// forms; ok is false for other text.
func parseNetroot(param, v string) (s Spec, ok bool, err error) {
	if rest, found := strings.CutPrefix(v, "nfs://"); found {
		s, err := parseURLForm(param, rest)
		return s, true, err
	}
	prefix, rest, found := strings.Cut(v, ":")
	if !found || (prefix != "nfs" && prefix != "nfs4") {
		return Spec{}, false, nil
	}
	s, err = parseDracutForm(param, prefix, rest)
	return s, true, err
}

// isLegacyServerPath recognises dracut's root=<server-ip>:/<path>.
func isLegacyServerPath(v string) bool {
	return v != "" && '0' <= v[0] && v[0] <= '9' && strings.Contains(v, ":/")
}

// parseDracutForm parses "[<server>:]<root-dir>[:<nfs-options>]" after an nfs: or nfs4:
// prefix. Like dracut, it also takes the kernel's "<root-dir>,<nfs-options>".
func parseDracutForm(param, prefix, rest string) (Spec, error) {
	server, remainder, err := splitServer(rest)
	if err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	path, opts, _ := strings.Cut(remainder, ":")
	if p, commaOpts, found := strings.Cut(path, ","); found {
		path, opts = p, commaOpts+","+opts
	}
	prefixVersion := 0
	if prefix == "nfs4" {
		prefixVersion = 4
	}
	s := Spec{Server: server, Path: path}
	if err := s.finish(opts, prefixVersion); err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	return s, nil
}

// parseURLForm parses "<server>[:<port>]/<root-dir>" after "nfs://". The port becomes a
// port= option; an empty port (anaconda's nfs://server:/path) is ignored.
func parseURLForm(param, rest string) (Spec, error) {
	hostport, path, hasPath := strings.Cut(rest, "/")
	if hasPath {
		path = "/" + path
	}
	server, port, err := splitHostPort(hostport)
	if err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	opts := ""
	if port != "" {
		opts = "port=" + port
	}
	s := Spec{Server: server, Path: path}
	if err := s.finish(opts, 0); err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	return s, nil
}

func splitHostPort(hostport string) (host, port string, err error) {
	if strings.HasPrefix(hostport, "[") {
		host, port, err = splitBracketed(hostport)
		if err != nil {
			return "", "", err
		}
	} else {
		host, port, _ = strings.Cut(hostport, ":")
	}
	if port == "" {
		return host, "", nil
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '+' {
		return "", "", because(ErrBadServer, "bad port %q in %q: want a number from 1 to 65535", port, hostport)
	}
	return host, port, nil
}
