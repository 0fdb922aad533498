package cmdline

import (
	"errors"
	"path"
	"strings"

	"github.com/airroot/airroot/netboot/nfsroot"
)

// Overlay is airroot.overlay=tmpfs[,size=<size>]: the NFS root becomes the
// read-only lower layer of an overlayfs whose upper layer is a tmpfs, so that
// boards sharing one root each write to their own RAM.
type Overlay struct {
	// Size is the tmpfs's size= ("50%", "256m"); "" is tmpfs's default, half
	// of RAM.
	Size string
}

// DefaultPersistAt is where airroot.persist='s directory is mounted when
// airroot.persist.at= does not say.
const DefaultPersistAt = "/persist"

// parseOverlay reads airroot.overlay='s value.
func parseOverlay(v string) (*Overlay, error) {
	kind, opts, _ := strings.Cut(v, ",")
	if kind != "tmpfs" {
		return nil, errors.New("want tmpfs or tmpfs,size=<size> (the only upper layer airroot knows is RAM)")
	}
	o := &Overlay{}
	for _, opt := range strings.Split(opts, ",") {
		if opt == "" {
			continue
		}
		size, ok := strings.CutPrefix(opt, "size=")
		if !ok || !validSize(size) {
			return nil, errors.New("after tmpfs, want size=<size>: a number with k, m or g, or a percentage of RAM (size=50%)")
		}
		o.Size = size
	}
	return o, nil
}

// validSize reports whether s is a tmpfs size: digits with an optional k, m,
// g or % (mm/shmem.c's memparse and its own percentage).
func validSize(s string) bool {
	digits := strings.TrimRight(s, "kKmMgG%")
	if len(s)-len(digits) > 1 || digits == "" {
		return false
	}
	return strings.Trim(digits, "0123456789") == ""
}

// parsePersistAt reads airroot.persist.at=, a directory of the new root.
func parsePersistAt(v string) (string, error) {
	if !strings.HasPrefix(v, "/") || path.Clean(v) == "/" {
		return "", errors.New("want an absolute directory of the new root other than / (airroot.persist.at=/var/lib/board)")
	}
	return path.Clean(v), nil
}

// setFleetKnob applies airroot.overlay=, airroot.persist=,
// airroot.persist.at= and airroot.nfs.readahead=; handled is false for other keys.
func (p *parser) setFleetKnob(key string, prm param) (handled bool, err error) {
	switch key {
	case "overlay":
		p.cfg.Overlay, err = parseOverlay(prm.value)
	case "persist":
		var s nfsroot.Spec
		if s, err = nfsroot.ParseDir("directory", prm.value); err == nil {
			p.cfg.Persist = &s
		}
	case "persist.at":
		p.cfg.PersistAt, err = parsePersistAt(prm.value)
	case "nfs.readahead":
		var ra nfsroot.Readahead
		if ra, err = nfsroot.ParseReadahead(prm.value); err == nil {
			p.cfg.NFSReadahead = &ra
		}
	default:
		return false, nil
	}
	return true, err
}
