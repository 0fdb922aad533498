package nfsroot

import (
	"net/netip"
	"strconv"
	"strings"
)

// MountArgs are the arguments of mount(2) for an NFS root.
type MountArgs struct {
	Source string // "<server>:<path>", an IPv6 server in brackets
	FSType string // "nfs" or "nfs4"
	Data   string // the text mount options
}

// Mount returns the mount(2) arguments for s, which should have been resolved (see
// Resolve), with serverAddr the address of s.Server (looked up by the caller when it is a
// host name).
//
// Data holds the defaults airroot adds, then the user's options:
//   - vers=3 (vers=2 for Version 2) unless Version is 4 or an option names a version;
//   - nolock for NFS 2 and 3, unless the user says lock, nolock or local_lock=: there is
//     no rpc.statd in the initramfs, and the kernel's own NFS root does the same;
//   - addr=<serverAddr> unless the user gives addr=: mount(2) needs it, mount.nfs
//     normally adds it.
//
// The user's options are kept in their order; of options that set the same thing (vers=
// and nfsvers=, tcp and proto=, ac and noac, ...) only the last is kept, as it is the one
// the kernel would obey, so no key appears twice. FSType is "nfs4" when Version is 4 and
// "nfs" otherwise. An invalid serverAddr leaves Server in Source and adds no addr=.
func (s Spec) Mount(serverAddr netip.Addr) MountArgs {
	server := bracketed(s.Server)
	if serverAddr.IsValid() {
		server = bracketed(serverAddr.String())
	}
	return MountArgs{
		Source: server + ":" + s.Path,
		FSType: s.fsType(),
		Data:   strings.Join(s.mountOptions(serverAddr), ","),
	}
}

func (s Spec) fsType() string {
	if s.Version == 4 {
		return "nfs4"
	}
	return "nfs"
}

func (s Spec) mountOptions(serverAddr netip.Addr) []string {
	user := dedupe(s.Options)
	given := make(map[string]bool, len(user))
	for _, o := range user {
		given[optionKey(o)] = true
	}
	var out []string
	if s.Version != 4 && !given["vers"] {
		out = append(out, "vers="+strconv.Itoa(s.versionOrDefault()))
	}
	if s.Version != 4 && !given["lock"] {
		out = append(out, "nolock")
	}
	if serverAddr.IsValid() && !given["addr"] {
		out = append(out, "addr="+serverAddr.String())
	}
	return append(out, user...)
}

func (s Spec) versionOrDefault() int {
	if s.Version == 0 {
		return defaultVersion
	}
	return s.Version
}

// Vers is the NFS version Data asks for ("3", "4.1", ...): the last vers=, nfsvers=
// or vN option, as the kernel obeys the last; "4" for type nfs4 without one.
func (m MountArgs) Vers() string {
	opts := strings.Split(m.Data, ",")
	if o, ok := lastVersionOption(opts); ok {
		if _, v, hasValue := strings.Cut(o, "="); hasValue {
			return v
		}
		return strings.TrimPrefix(o, "v")
	}
	if m.FSType == "nfs4" {
		return "4"
	}
	return strconv.Itoa(defaultVersion)
}
