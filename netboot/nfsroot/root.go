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
//	root=nfs:<nfs-options>:<server>:/<root-dir>       anaconda's order, as dracut reads it
//	root=nfs://<server>[:<port>]/<root-dir>           RFC 2224 URL, as dracut accepts it
//	root=[<server-ip>:]/<root-dir>[:<nfs-options>]    dracut's legacy form (not under /dev/)
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
	if isLegacyForm(v) {
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

// isLegacyForm recognises dracut's root=[<server-ip>:]<root-dir>[:<nfs-options>]
// (dracut.cmdline(7), parse-nfsroot.sh): a server address followed by ":/", or an
// absolute path outside /dev, where block devices are named.
func isLegacyForm(v string) bool {
	if strings.HasPrefix(v, "/") {
		return !strings.HasPrefix(v, "/dev/")
	}
	return v != "" && '0' <= v[0] && v[0] <= '9' && strings.Contains(v, ":/")
}

// parseDracutForm parses "[<server>:]<root-dir>[:<nfs-options>]" after an nfs: or nfs4:
// prefix. Like dracut, it also takes the kernel's "<root-dir>,<nfs-options>", and
// anaconda's "<nfs-options>:<server>:/<root-dir>" (see cutAnacondaOptions); options
// before the server come first.
func parseDracutForm(param, prefix, rest string) (Spec, error) {
	rest, leading := cutAnacondaOptions(rest)
	server, remainder, err := splitServer(rest)
	if err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	path, opts, _ := strings.Cut(remainder, ":")
	if p, commaOpts, found := strings.Cut(path, ","); found {
		path, opts = p, commaOpts+","+opts
	}
	opts = leading + "," + opts
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

// cutAnacondaOptions takes anaconda's options off "<nfs-options>:<server>:/<root-dir>"
// (dracut's anaconda_nfs_to_var, for root=nfs:<options>:<server>:/<path>), and returns
// rest unchanged when it has no such field: when no server and absolute path follow the
// first colon, or what precedes it is no options field (see isOptionsField). So
// nfs:fe80::1:/srv still names an IPv6 server (dracut takes "fe80" for options), and
// nfs:tcp:/srv, with no server after "tcp", a host named so, as dracut does.
func cutAnacondaOptions(rest string) (remainder, opts string) {
	field, after, found := strings.Cut(rest, ":")
	if !found || strings.HasPrefix(after, "/") || !strings.Contains(after, ":/") || !isOptionsField(field) {
		return rest, ""
	}
	return after, field
}

// isOptionsField reports whether field, before a server, is mount options rather than
// the start of an unbracketed IPv6 server: it holds '=' or ',', which no server does
// (the kernel judges the names at mount), or it is NFS options known by name ("nolock",
// "tcp,v3"); and it holds no '/' or '[', which no option does.
func isOptionsField(field string) bool {
	if strings.ContainsAny(field, "/[") {
		return false
	}
	return strings.ContainsAny(field, "=,") || readsAsOptions(field)
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
