package netboot

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// MountRoot mounts the NFS root at dir with mount(2) and text options, as
// the kernel's own nfsroot does: no mount.nfs helper needed. Errors that
// waiting cannot fix are marked with bootlog.Permanent.
func (n *Net) MountRoot(spec nfsroot.Spec, dir string, readOnly bool) error {
	server, err := netip.ParseAddr(spec.Server)
	if err != nil {
		return bootlog.Permanent(fmt.Errorf("NFS server %q: want an IP address: %w", spec.Server, err))
	}
	args := spec.Mount(server)
	var flags uintptr
	if readOnly {
		flags |= unix.MS_RDONLY
	}
	if !n.mountLogged {
		n.logf("nfs: mount %s on %s type %s (%s)", args.Source, dir, args.FSType, args.Data)
		n.mountLogged = true
	}
	err = unix.Mount(args.Source, dir, args.FSType, flags, args.Data)
	if err == nil {
		return nil
	}
	return explainMount(args.Source, err)
}

// explainMount turns a mount(2) errno into what a person can act on.
func explainMount(source string, err error) error {
	var why string
	permanent := false
	switch {
	case errors.Is(err, unix.ECONNREFUSED):
		why = "the server refused the connection: is the NFS server running, on that port?"
	case errors.Is(err, unix.ETIMEDOUT):
		why = "no answer from the server"
	case errors.Is(err, unix.EHOSTUNREACH), errors.Is(err, unix.ENETUNREACH):
		why = "the server is not reachable from here: check the address and the route"
	case errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM):
		why = "the server denied access: does its /etc/exports allow this client?"
	case errors.Is(err, unix.ENOENT):
		why = "the server has no such export: check the path and /etc/exports"
	case errors.Is(err, unix.ENODEV):
		why, permanent = "the kernel has no NFS support: build the initramfs with the nfs module (and nfsv3 or nfsv4)", true
	case errors.Is(err, unix.EINVAL):
		why, permanent = "the kernel rejected the mount options: check nfsroot='s options", true
	case errors.Is(err, unix.EPROTONOSUPPORT):
		why = "the server does not speak this NFS version: try vers=3 or vers=4 in nfsroot='s options"
	}
	e := fmt.Errorf("mount %s: %w", source, err)
	if why != "" {
		e = fmt.Errorf("mount %s: %w (%s)", source, err, why)
	}
	if permanent {
		return bootlog.Permanent(e)
	}
	return e
}
