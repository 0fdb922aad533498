package boot

import (
	"path"
	"strings"

	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// overlayOptions are the overlay's mount options over an NFS lower layer
// (Documentation/filesystems/overlayfs.rst). A remote lower is allowed,
// a remote upper is not: the upper is a tmpfs. The features that would tie
// the overlay to the lower's file handles and inode numbers are off, each
// explicitly so that a kernel built with it on by default (CONFIG_OVERLAY_FS_*)
// mounts the same:
//   - index=off: the inode index records lower file handles and the lower's
//     UUID; an NFS super block has no UUID, so the kernel would turn it off
//     with a warning, or refuse the mount with index=on, and an index kept in
//     a tmpfs dies with the board anyway;
//   - nfs_export=off: needs the index;
//   - xino=off: xino packs a layer number into the high bits of the inode
//     numbers, and NFS's 64-bit file ids leave none free;
//   - metacopy=off: a metadata-only copy up would follow the lower file on
//     the server, which another board's server-side change could move;
//   - redirect_dir=on: renaming a shared root's directory (mv /opt/a /opt/b)
//     is recorded in the upper layer instead of failing with EXDEV.
func overlayOptions(lower, upper, work string) string {
	return strings.Join([]string{
		"lowerdir=" + lower, "upperdir=" + upper, "workdir=" + work,
		"index=off", "nfs_export=off", "xino=off", "metacopy=off", "redirect_dir=on",
	}, ",")
}

// tmpfsOptions are the upper tmpfs's mount options: mode 0755, as the root
// directory of a system is, and airroot.overlay='s size=.
func tmpfsOptions(o *cmdline.Overlay) string {
	opts := "mode=0755"
	if o.Size != "" {
		opts += ",size=" + o.Size
	}
	return opts
}

// persistSpec is airroot.persist='s directory with what it leaves out taken
// from the root's: its server, its options (first, so the directory's own
// win) and its NFS version. The path's % sequences are still to expand.
func persistSpec(root, persist nfsroot.Spec) nfsroot.Spec {
	return root.Merge(persist)
}

// persistDir is where the persistent directory goes in the new root.
func persistDir(newRoot, at string) string {
	if at == "" {
		at = cmdline.DefaultPersistAt
	}
	return path.Join(newRoot, at)
}
