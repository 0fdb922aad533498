package main

import (
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// mountRoot mounts the NFS root rounds times at airroot's mount point, with the
// source, type and options airroot's nfs step computes from nfsroot= (package
// nfsroot), unmounting between rounds; the last mount stays for the switch.
func mountRoot(rounds int, cmdline []string, client netip.Prefix) error {
	args, err := rootMount(cmdline, client.Addr())
	if err != nil {
		return err
	}
	var flags uintptr
	if slices.Contains(cmdline, "ro") {
		flags |= unix.MS_RDONLY
	}
	dir := layout.NewRoot.Path
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", dir, err)
	}
	for round := 1; round <= rounds; round++ {
		start := time.Now()
		if err := unix.Mount(args.Source, dir, args.FSType, flags, args.Data); err != nil {
			return fmt.Errorf("mount %s (%s): %w", args.Source, args.Data, err)
		}
		emit(benchproto.FloorNFS, since(start))
		if round < rounds {
			if err := unix.Unmount(dir, 0); err != nil {
				return fmt.Errorf("unmount %s: %w", dir, err)
			}
		}
	}
	return nil
}

// rootMount is mount(2)'s arguments for the command line's nfsroot=.
func rootMount(cmdline []string, client netip.Addr) (nfsroot.MountArgs, error) {
	for _, f := range cmdline {
		v, ok := strings.CutPrefix(f, "nfsroot=")
		if !ok {
			continue
		}
		spec, err := nfsroot.ParseNFSRoot(v)
		if err != nil {
			return nfsroot.MountArgs{}, err
		}
		if spec, err = spec.Resolve(client, ""); err != nil {
			return nfsroot.MountArgs{}, err
		}
		server, err := netip.ParseAddr(spec.Server)
		if err != nil {
			return nfsroot.MountArgs{}, fmt.Errorf("NFS server %q: %w", spec.Server, err)
		}
		return spec.Mount(server), nil
	}
	return nfsroot.MountArgs{}, fmt.Errorf("no nfsroot= on the kernel command line")
}
