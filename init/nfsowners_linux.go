package boot

import (
	"slices"

	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// unmappedOwners are the owners the kernel's NFSv4 client gives a file whose
// owner it could not map from the name the server sent (user@domain) to a
// number: -2 (decode_attr_owner's default) and the overflow id, 65534.
var unmappedOwners = []uint32{4294967294, 65534}

// checkOwners warns when an NFSv4 root mounted on dir shows its owner or
// group unmapped: the server sends owners as names, which the initramfs has
// no idmapper for. Files then show as nobody, and once the kernel's cached
// answer expires the new root can hang for good: the kernel asks
// /sbin/request-key, whose path is looked up on this very root, which waits
// for the same answer. NFSv3, and NFSv4 servers that send numbers (the
// kernel's nfsd does for sec=sys), are not affected.
func (b *Boot) checkOwners(dir string, spec nfsroot.Spec) {
	if spec.Version != 4 {
		return
	}
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return
	}
	b.Log.Debugf("nfs: the root is owned by uid %d, gid %d", st.Uid, st.Gid)
	if !slices.Contains(unmappedOwners, st.Uid) && !slices.Contains(unmappedOwners, st.Gid) {
		return
	}
	b.Log.Warnf("nfs: the NFSv4 root %s:%s is owned by uid %d, gid %d: the server sends owners as names "+
		"(user@domain), which the initramfs cannot map, so files show as nobody and the new root can hang in "+
		"the kernel's idmapper", spec.Server, spec.Path, st.Uid, st.Gid)
	b.Log.Warnf("to fix: have the server send numeric owners (nfs-ganesha: NFSV4 { Only_Numeric_Owners = true; }; " +
		"the kernel's nfsd does for sec=sys unless its nfs4_disable_idmapping is N), or mount with vers=3")
}
