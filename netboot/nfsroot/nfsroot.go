// Package nfsroot parses where an NFS root file system lives (the kernel's nfsroot=, dracut's
// root=nfs: and root=nfs4:, and the DHCP root-path option) and builds the mount(2) arguments.
package nfsroot

import "strings"

// Spec is an NFS root as described on the command line or by DHCP, before or after Resolve.
type Spec struct {
	// Server is the NFS server: an IP address (IPv6 without brackets) or a host name;
	// "" when not given, to be filled by Resolve from ip= or DHCP.
	Server string
	// Path is the exported directory, absolute; "" when not given (Resolve then uses
	// DefaultPath). Until Resolve it may contain "%s", which stands for the client's address.
	Path string
	// Options are the user's NFS mount options, in the order given (DHCP root-path first,
	// then nfsroot=, then root= when merged), e.g. "port=2049", "vers=4", "tcp".
	Options []string
	// Version is the NFS major version: 3 by default, 4 for root=nfs4: or a vers=4,
	// nfsvers=4 (or v4, vers=4.1, ...) option, 2 for vers=2. The options decide when they
	// name a version.
	Version int
}

// DefaultPath is the kernel's root directory when none is given.
const DefaultPath = "/tftpboot/%s"

// defaultVersion is the NFS version used when nothing asks for another.
const defaultVersion = 3

// ParseNFSRoot parses the value of the kernel's nfsroot= parameter:
//
//	nfsroot=[<server>:]<root-dir>[,<nfs-options>]
//	nfsroot=[<server>:]<root-dir>:<nfs-options>[,<nfs-options>]    dracut's spelling
//
// The server is an IPv4 address, an IPv6 address in brackets, or a host name (the kernel
// itself takes only IPv4). <root-dir> may be empty or "default" to leave it to DHCP or
// DefaultPath, as in the kernel; otherwise it must be absolute (the kernel would prefix a
// relative name with /tftpboot/, which is rarely what was meant, so it is an error here).
//
// dracut reads nfsroot= as root=nfs:<value>, options after a colon; the kernel keeps a
// colon in the path. Users write dracut's form far more often than they name a directory
// "pi:vers=3", so what follows the path's last colon is taken as options when it reads
// as NFS mount options, each known by name (tcp, nolock, vers=4, port=2049, ...; see
// isNFSOption), and left in the path otherwise: nfsroot=10.0.0.1:/srv/pi:vers=3,tcp is
// /srv/pi with vers=3 and tcp, nfsroot=10.0.0.1:/srv/2024:05 keeps its colon. Only
// what precedes the first comma decides, as what follows it is options in both readings.
func ParseNFSRoot(v string) (Spec, error) {
	return parseKernelForm("nfsroot=", v)
}

// ParseRootPath parses the DHCP root-path option (option 17) as the kernel reads it,
// "[<server>:]<root-dir>[,<nfs-options>]", with options after a colon as in
// ParseNFSRoot, and also accepts dracut's spellings "nfs:...", "nfs4:..." and
// "nfs://server[:port]/path" (see ParseRoot).
func ParseRootPath(v string) (Spec, error) {
	const param = "dhcp root-path"
	if s, ok, err := parseNetroot(param, v); ok {
		return s, err
	}
	return parseKernelForm(param, v)
}

// parseKernelForm parses "[<server>:]<root-dir>[:<nfs-options>][,<nfs-options>]"
// (see ParseNFSRoot for the options after a colon).
func parseKernelForm(param, v string) (Spec, error) {
	head, opts, _ := strings.Cut(v, ",")
	server, path, err := splitServer(head)
	if err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	if path == "default" {
		path = ""
	}
	path, colonOpts := cutColonOptions(path)
	s := Spec{Server: server, Path: path}
	if err := s.finish(colonOpts+","+opts, 0); err != nil {
		return Spec{}, &Error{Param: param, Err: err}
	}
	return s, nil
}

// finish checks the server and path, parses the options and sets the version; prefixVersion
// is the version a root=nfs4: prefix asked for, or 0.
func (s *Spec) finish(opts string, prefixVersion int) error {
	if err := checkServer(s.Server); err != nil {
		return err
	}
	if err := checkPath(s.Path); err != nil {
		return err
	}
	options, err := splitOptions(opts)
	if err != nil {
		return err
	}
	s.Options = options
	s.Version, err = chooseVersion(options, prefixVersion)
	return err
}

// String renders s in nfsroot= syntax.
func (s Spec) String() string {
	var b strings.Builder
	if s.Server != "" {
		b.WriteString(bracketed(s.Server))
		b.WriteByte(':')
	}
	b.WriteString(s.Path)
	for _, o := range s.Options {
		b.WriteByte(',')
		b.WriteString(o)
	}
	return b.String()
}

// bracketed puts an IPv6 address in brackets, so a colon after it can separate the path.
func bracketed(server string) string {
	if strings.Contains(server, ":") {
		return "[" + server + "]"
	}
	return server
}

// ParseDir parses a further NFS directory in the kernel's form,
// "[<server>:]<dir>[,<nfs-options>]", as for the root but with the directory
// required; param names where it came from, for errors (airroot.persist=).
func ParseDir(param, v string) (Spec, error) {
	s, err := parseKernelForm(param, v)
	if err == nil && s.Path == "" {
		err = &Error{Param: param, Err: because(ErrNotAbsolute, "no directory in %q: want [<server>:]/<dir>[,<nfs-options>]", v)}
	}
	return s, err
}
