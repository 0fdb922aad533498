package netboot

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Where the kernel's NFS client takes its identifier: the network
// namespace's (Linux 5.11 on, which wins) and the nfs module's parameter,
// which nfs.nfs4_unique_id= on the command line sets.
const (
	nfsIdentifierFile = "sys/fs/nfs/net/nfs_client/identifier"
	nfsUniqueIDParam  = "sys/module/nfs/parameters/nfs4_unique_id"
)

// identifyNFSClient gives the kernel's NFSv4 client this board's own
// identifier (nfsClientID) before the first NFSv4 mount, unless the user
// chose one (nfs.nfs4_unique_id=) or one is set already. It cannot fail the
// boot: a board alone on its server works without one.
func (n *Net) identifyNFSClient() {
	if n.nfsClientIdentified {
		return
	}
	n.nfsClientIdentified = true
	value, from := nfsClientID(n.Identity(), n.iface)
	set, by, err := setNFSClientID("/", value)
	switch {
	case err != nil:
		n.logf("nfs: %v; boards that share a host name and an NFSv4 server may take each other's state there", err)
	case by == "":
		n.logf("nfs: NFSv4 client identifier %s (from %s), so that boards sharing a host name keep their own state on the server", value, from)
	default:
		n.logf("nfs: NFSv4 client identifier %s, set already by %s", set, by)
	}
}

// setNFSClientID writes value as the NFS client's identifier under root
// ("/" but in tests) unless one is set already, and returns the identifier
// the client will use and, when it was set already, by what.
func setNFSClientID(root, value string) (id, by string, err error) {
	if b, err := os.ReadFile(filepath.Join(root, nfsUniqueIDParam)); err == nil && !unsetNFSClientID(string(b)) {
		return strings.TrimSpace(string(b)), "nfs.nfs4_unique_id=", nil
	}
	path := filepath.Join(root, nfsIdentifierFile)
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", "", fmt.Errorf("set the NFSv4 client identifier: the kernel has no /%s (Linux 5.11 or later; or say nfs.nfs4_unique_id= on the command line)", nfsIdentifierFile)
	case err != nil:
		return "", "", fmt.Errorf("set the NFSv4 client identifier: %w", err)
	case !unsetNFSClientID(string(b)):
		return strings.TrimSpace(string(b)), "/" + nfsIdentifierFile, nil
	case value == "":
		return "", "", errors.New("set the NFSv4 client identifier: the board has neither a serial number nor a MAC address to make one from")
	}
	if err := os.WriteFile(path, []byte(value+"\n"), 0o644); err != nil {
		return "", "", fmt.Errorf("set the NFSv4 client identifier %q: %w", value, err)
	}
	return value, "", nil
}
