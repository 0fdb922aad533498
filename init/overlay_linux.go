package boot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// Where the overlay's layers are mounted; variables for the tests.
var (
	overlayLowerDir = layout.OverlayLower.Path
	overlayRWDir    = layout.OverlayRW.Path
)

// mountOverlay makes newRootDir an overlay of the NFS root, mounted
// read-only at overlayLowerDir, and a tmpfs at overlayRWDir. Both
// stay under /run/airroot, which switch_root moves into the new root with
// /run, so a board's changes and the shared root can be looked at apart.
func (b *Boot) mountOverlay() error {
	rw := overlayRWDir
	if err := os.MkdirAll(rw, 0o755); err != nil {
		return fmt.Errorf("overlay: create %s: %w", rw, err)
	}
	if err := unix.Mount("tmpfs", rw, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, tmpfsOptions(b.Config.Overlay)); err != nil {
		return WithFix(fmt.Errorf("overlay: mount tmpfs on %s: %w", rw, err),
			"check airroot.overlay='s size= (a number with k, m or g, or a percentage of RAM)")
	}
	upper, work := filepath.Join(rw, "upper"), filepath.Join(rw, "work")
	for _, dir := range []string{upper, work} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			return fmt.Errorf("overlay: create %s: %w", dir, err)
		}
	}
	opts := overlayOptions(overlayLowerDir, upper, work)
	b.Log.Infof("overlay: mount overlay on %s (%s)", newRootDir, opts)
	if err := unix.Mount("overlay", newRootDir, "overlay", 0, opts); err != nil {
		return overlayFix(fmt.Errorf("overlay: mount overlay on %s: %w", newRootDir, err))
	}
	b.Log.Infof("overlay: the NFS root is read-only under %s; this board's changes go to RAM (%s)", overlayLowerDir, rw)
	return nil
}

// overlayFix says what to change when the overlay will not mount.
func overlayFix(err error) error {
	switch {
	case errors.Is(err, unix.ENODEV):
		return WithFix(err, "the kernel has no overlay file system: build the initramfs with 'airroot build --overlay' "+
			"(it puts overlay.ko in), or use a kernel with CONFIG_OVERLAY_FS; or boot without airroot.overlay=")
	case errors.Is(err, unix.EINVAL):
		return WithFix(err, "the kernel refused the overlay's options: its log ('overlayfs:' lines, dmesg) says which; "+
			"airroot needs Linux 4.19 or later for them; or boot without airroot.overlay=")
	}
	return WithFix(err, "the kernel's log ('overlayfs:' lines) says why; or boot without airroot.overlay=")
}

// mountPersist mounts airroot.persist='s directory, read-write, inside the
// new root, waiting for the server as the root does.
func (b *Boot) mountPersist(ctx context.Context, root nfsroot.Spec, id nfsroot.Identity) error {
	spec, err := persistSpec(root, *b.Config.Persist).ResolveFor(id, root.Server)
	if err != nil {
		return WithFix(fmt.Errorf("airroot.persist=: %w", err),
			"use only %s, %m, %h and %n in its directory, each one this board has ("+id.String()+")")
	}
	dir := persistDir(newRootDir, b.Config.PersistAt)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return WithFix(fmt.Errorf("airroot.persist=: create %s: %w", dir, err),
			"create that directory in the NFS root, or boot with airroot.overlay=tmpfs, whose root is writable")
	}
	what := fmt.Sprintf("NFS server %s (%s, this board's persistent directory)", spec.Server, spec.Path)
	return b.retry(ctx, layout.StepNFS, what, func(context.Context) error {
		return persistMountError(b.Net.MountRoot(spec, dir, false), spec.Path, id)
	})
}

// persistMountError says what to create when the server refuses the board's
// directory for being missing: kernel nfsd's MOUNT answers MNT3ERR_NOENT and an
// NFSv4 LOOKUP NFS4ERR_NOENT (ENOENT), but nfs-ganesha's MOUNT answers a path it
// cannot look up inside an export as one it does not export, MNT3ERR_ACCES
// (EACCES).
func persistMountError(err error, dir string, id nfsroot.Identity) error {
	switch {
	case errors.Is(err, unix.ENOENT):
		return fmt.Errorf("%w: create %s on the server for this board (%s)", err, dir, id)
	case errors.Is(err, unix.EACCES):
		return fmt.Errorf("%w: create %s on the server for this board (%s), in a folder exported read-write to it", err, dir, id)
	}
	return err
}
