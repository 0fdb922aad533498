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
	if args.FSType == "nfs4" {
		n.identifyNFSClient()
	}
	err = unix.Mount(args.Source, dir, args.FSType, flags, args.Data)
	if err == nil {
		return nil
	}
	return explainMount(args, spec.Path, err)
}

// explainMount turns a mount(2) errno for args, which mount path, into what a
// person can act on; NFSv4 fails differently from v3 where it has no MOUNT
// protocol (RFC 7530 section 16.1: paths are looked up under the server's
// pseudo root) and where the kernel needs another module.
func explainMount(args nfsroot.MountArgs, path string, err error) error {
	source, vers := args.Source, args.Vers()
	var why string
	permanent := false
	switch {
	case args.FSType == "nfs4" && errors.Is(err, unix.ENOENT):
		why = "the server has no such path under its NFSv4 pseudo root: NFSv4 paths start at the pseudo root " +
			"(ganesha's Pseudo=, nfs-kernel-server's fsid=0 export), not at the server's /; check the path, or try vers=3"
	case args.FSType == "nfs4" && errors.Is(err, unix.EPROTONOSUPPORT):
		why = "NFS vers=" + vers + " refused: either the server does not serve this NFSv4 minor version " +
			"(try vers=4.1, vers=4.0 or vers=3; ganesha: NFSv4 { Minor_Versions }; a server without NFSv4 at all: vers=3) " +
			"or the initramfs lacks the kernel's nfsv4 module (airroot build --modules nfsv4)"
	case errors.Is(err, unix.EPROTONOSUPPORT):
		why = "NFS vers=" + vers + " refused: the server does not serve it (try vers=4.2, vers=4.1 or vers=3) " +
			"or the initramfs lacks the kernel's nfsv" + vers + " module"
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
		if opts := nfsroot.OptionsInPath(path); opts != "" {
			why += "; the path ends in \":" + opts + "\", which reads like mount options: they follow a comma " +
				"(nfsroot=<server>:<dir>," + opts + ")"
		}
	case errors.Is(err, unix.ENODEV):
		why, permanent = "the kernel has no NFS support: build the initramfs with the nfs module (and nfsv3 or nfsv4)", true
	case errors.Is(err, unix.EINVAL):
		why, permanent = "the kernel rejected the mount options: check nfsroot='s options", true
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
