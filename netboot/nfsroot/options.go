package nfsroot

import "strings"

// optionKey names what an NFS mount option sets, so that options which set the same thing
// (vers= and nfsvers=, lock and nolock, tcp and proto=udp, ac and noac, ...) compare equal.
func optionKey(o string) string {
	name, _, hasValue := strings.Cut(o, "=")
	if hasValue {
		switch name {
		case "nfsvers":
			return "vers"
		case "local_lock":
			return "lock"
		}
		return name
	}
	if key, ok := flagKeys[name]; ok {
		return key
	}
	if rest, ok := strings.CutPrefix(name, "no"); ok && negatable[rest] {
		return rest
	}
	return name
}

// flagKeys are the NFS mount options without a value that set the same thing
// under another name, and what they set; ro and rw are mount(2) flags users
// also write among them.
var flagKeys = map[string]string{
	"v2": "vers", "v3": "vers", "v4": "vers", "v4.0": "vers", "v4.1": "vers", "v4.2": "vers",
	"lock": "lock", "nolock": "lock", "tcp": "proto", "udp": "proto", "rdma": "proto",
	"hard": "hard", "soft": "hard", "softerr": "hard", "ro": "ro", "rw": "rw",
	"bg": "bg", "fg": "bg", "sloppy": "sloppy",
}

// negatable are the NFS flag options that also have a "no" form.
var negatable = map[string]bool{
	"ac": true, "acl": true, "cto": true, "fsc": true, "intr": true, "posix": true,
	"rdirplus": true, "resvport": true, "sharecache": true, "trunkdiscovery": true,
	"alignwrite": true, "migration": true, "softreval": true,
}

// valuedOptions are the NFS mount options that take a value, as nfs(5) and the
// kernel's NFS client (fs/nfs/fs_context.c) name them.
var valuedOptions = map[string]bool{
	"acdirmax": true, "acdirmin": true, "acregmax": true, "acregmin": true, "actimeo": true,
	"addr": true, "bsize": true, "clientaddr": true, "fsc": true, "local_lock": true,
	"lookupcache": true, "max_connect": true, "minorversion": true, "mountaddr": true,
	"mounthost": true, "mountport": true, "mountproto": true, "mountvers": true, "namlen": true,
	"nconnect": true, "nfsvers": true, "port": true, "proto": true, "rdirplus": true,
	"retrans": true, "retry": true, "rsize": true, "sec": true, "timeo": true, "vers": true,
	"write": true, "wsize": true, "xprtsec": true,
}

// isFlag reports whether name is an NFS mount option without a value (tcp, nolock, v4.1, noac, ...).
func isFlag(name string) bool {
	_, ok := flagKeys[name]
	return ok || negatable[name] || negatable[strings.TrimPrefix(name, "no")]
}

// isNFSOption reports whether o is an NFS mount option by name: a flag without a
// value, or a name that takes one with "=<value>". The value is not judged here,
// except that no NFS option's value holds a '/': "port=1/pi" is more of a path.
func isNFSOption(o string) bool {
	name, value, hasValue := strings.Cut(o, "=")
	if hasValue {
		return valuedOptions[name] && !strings.Contains(value, "/")
	}
	return isFlag(name)
}

// readsAsOptions reports whether list is comma-separated NFS mount options,
// each one known by name (see isNFSOption), and at least one.
func readsAsOptions(list string) bool {
	some := false
	for _, o := range strings.Split(list, ",") {
		if o == "" {
			continue
		}
		if !isNFSOption(o) {
			return false
		}
		some = true
	}
	return some
}

func isVersionKey(key string) bool { return key == "vers" }

// optionVersion returns the NFS major version an option names (vers=4.1, nfsvers=3, v4, ...).
func optionVersion(o string) (int, bool) {
	_, v, hasValue := strings.Cut(o, "=")
	if !hasValue {
		v = strings.TrimPrefix(o, "v")
	}
	switch v {
	case "2":
		return 2, true
	case "3":
		return 3, true
	case "4", "4.0", "4.1", "4.2":
		return 4, true
	}
	return 0, false
}

// lastVersionOption returns the last option that names a version, which is the one the
// kernel obeys.
func lastVersionOption(options []string) (string, bool) {
	for i := len(options) - 1; i >= 0; i-- {
		if isVersionKey(optionKey(options[i])) {
			return options[i], true
		}
	}
	return "", false
}

// chooseVersion decides the NFS version of freshly parsed options: the options' own when
// they name one, else the prefix's (root=nfs4:), else the default. Options that contradict
// an nfs4: prefix are an error.
func chooseVersion(options []string, prefixVersion int) (int, error) {
	o, ok := lastVersionOption(options)
	if !ok {
		if prefixVersion != 0 {
			return prefixVersion, nil
		}
		return defaultVersion, nil
	}
	v, _ := optionVersion(o) // checked by checkOption
	if prefixVersion == 4 && v != 4 {
		return 0, because(ErrBadOption, "bad option %q: contradicts nfs4: (use nfs: for NFS version %d)", o, v)
	}
	return v, nil
}

// dedupe keeps the last of the options that set the same thing, in their order.
func dedupe(options []string) []string {
	last := make(map[string]int, len(options))
	for i, o := range options {
		last[optionKey(o)] = i
	}
	out := make([]string, 0, len(last))
	for i, o := range options {
		if last[optionKey(o)] == i {
			out = append(out, o)
		}
	}
	return out
}

// OptionsInPath returns the part of a root directory that may be mount options
// put after a colon, or "" when there is none: a mount that finds no such
// directory then says where options go. It is looser than the parsers, which
// take only known NFS options off the path (see ParseNFSRoot): what they leave,
// such as a misspelt "/srv/pi:nfsver=3", still reads as an option here because
// it has a value.
func OptionsInPath(path string) string {
	i := strings.LastIndexByte(path, ':')
	if i < 0 {
		return ""
	}
	tail := path[i+1:]
	first, _, _ := strings.Cut(tail, ",")
	name, _, hasValue := strings.Cut(first, "=")
	if name == "" || strings.Contains(name, "/") {
		return ""
	}
	if hasValue || isFlag(name) {
		return tail
	}
	return ""
}
