package nfsroot

import (
	"net/netip"
	"slices"
)

// Merge returns s overridden by over, the way the kernel lets nfsroot= override the DHCP
// root-path: over's server and path win when given; the options are s's followed by
// over's, so that over's win where both set the same thing (see Mount). The version is the
// one the merged options name, else 4 if either side asked for NFS 4, else 3.
func (s Spec) Merge(over Spec) Spec {
	merged := Spec{
		Server:  s.Server,
		Path:    s.Path,
		Options: append(slices.Clone(s.Options), over.Options...),
	}
	if over.Server != "" {
		merged.Server = over.Server
	}
	if over.Path != "" {
		merged.Path = over.Path
	}
	merged.Version = defaultVersion
	if s.Version == 4 || over.Version == 4 {
		merged.Version = 4
	}
	if o, ok := lastVersionOption(merged.Options); ok {
		merged.Version, _ = optionVersion(o)
	}
	if len(merged.Options) == 0 {
		merged.Options = nil
	}
	return merged
}

// Resolve is ResolveFor with only the client's address known.
func (s Spec) Resolve(client netip.Addr, defaultServer string) (Spec, error) {
	return s.ResolveFor(Identity{Addr: client}, defaultServer)
}

// ResolveFor fills in what the command line left open, as the kernel does
// before mounting: an empty Server becomes defaultServer (the server of ip=, or
// DHCP's next-server), an empty Path becomes DefaultPath, and the path's %
// sequences become the board's identity (see Expand: %s is the client's
// address, as in the kernel, which substitutes its node name, the address
// unless a host name was set; airroot always uses the address, as the kernel
// documentation says). It fails with ErrNoServer when there is still no
// server, with ErrNoClient when the path needs the client's address and there
// is none, and as Expand fails for other sequences.
func (s Spec) ResolveFor(id Identity, defaultServer string) (Spec, error) {
	r := s
	r.Options = slices.Clone(s.Options)
	if r.Server == "" {
		if err := checkServer(defaultServer); err != nil {
			return Spec{}, &Error{Param: "nfs root", Err: err}
		}
		r.Server = defaultServer
	}
	if r.Server == "" {
		return Spec{}, &Error{Param: "nfs root", Err: because(ErrNoServer,
			"no NFS server: name one in nfsroot=<server>:<dir>, root=nfs:<server>:<dir> or ip=<client>:<server>:..., or have DHCP send next-server")}
	}
	if r.Path == "" {
		r.Path = DefaultPath
	}
	path, err := Expand(r.Path, id)
	if err != nil {
		return Spec{}, &Error{Param: "nfs root", Err: err}
	}
	r.Path = path
	if r.Version == 0 {
		r.Version = defaultVersion
	}
	return r, nil
}
