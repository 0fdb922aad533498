package cmdline

import (
	"slices"

	"github.com/airroot/airroot/netboot/nfsroot"
)

// strayNFSOptions are NFS mount options, which no kernel parameter is
// named: on their own they are what "nfsroot=server:/dir, vers=4" leaves
// after the kernel splits it at the space, and the kernel ignores them.
var strayNFSOptions = []string{
	"vers", "nfsvers", "v3", "v4", "proto", "tcp", "udp", "port", "mountport", "mountproto",
	"nolock", "rsize", "wsize", "timeo", "retrans", "sec",
}

// reportStrayNFSOption reports a parameter that is an NFS mount option on
// its own, and whether it was one.
func (p *parser) reportStrayNFSOption(prm param) bool {
	if !slices.Contains(strayNFSOptions, prm.name) {
		return false
	}
	p.fail(paramErrorf(ErrUnsupported, "%s: an NFS option on its own; ignored (nfsroot= takes its options after commas, with no space: nfsroot=<server>:<dir>,%s)",
		prm.text(), prm.text()))
	return true
}

// resolveNFS combines root= and nfsroot= into NFS and NFSFromDHCP (see Config).
func (p *parser) resolveNFS() {
	if p.cfg.Root != "" && !p.rootIsNFS {
		if p.nfsroot != nil {
			p.fail(paramErrorf(ErrIgnored, "nfsroot=: ignored: root=%s is not an NFS root (use root=/dev/nfs with nfsroot=)", p.cfg.Root))
		}
		return
	}
	if !p.rootIsNFS && p.nfsroot == nil {
		return
	}
	spec := nfsroot.Spec{}
	if p.nfsroot != nil {
		spec = *p.nfsroot
	}
	spec = spec.Merge(p.rootSpec)
	p.cfg.NFSFromDHCP = spec.Path == ""
	if p.nfsroot != nil || !isEmpty(spec) {
		p.cfg.NFS = &spec
	}
}

// isEmpty reports whether s says nothing beyond "NFS root, version 3".
func isEmpty(s nfsroot.Spec) bool {
	return s.Server == "" && s.Path == "" && len(s.Options) == 0 && s.Version == 3
}
