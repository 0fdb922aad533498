package cmdline

import "github.com/airroot/airroot/netboot/nfsroot"

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
