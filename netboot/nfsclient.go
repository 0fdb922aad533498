package netboot

import (
	"strings"

	"github.com/airroot/airroot/netboot/nfsroot"
)

// maxNFSClientID is the longest identifier the kernel's NFSv4 client takes
// (NFS4_CLIENT_ID_UNIQ_LEN, 64 bytes with its NUL).
const maxNFSClientID = 63

// nfsClientID is the identifier this board gives the kernel's NFSv4 client,
// and what it comes from, for the log. Without one the client names itself
// to the server by its host name alone ("Linux NFSv4.2 (none)" on a board
// nobody named), and a server takes boards that share a name for one client
// rebooting over and over: each board's EXCHANGE_ID throws away the others'
// opens (RFC 8881 section 18.35.5). The identifier must also stay the same
// across reboots, so that the server can drop a rebooted board's old state at
// once (Documentation/filesystems/nfs/client-identifier.rst): the board's
// serial number where the firmware gives one (a Pi's), else the MAC of the
// interface the root comes over. Neither known: "".
func nfsClientID(id nfsroot.Identity, iface string) (value, from string) {
	bySerial := "airroot-serial-" + id.Serial
	switch {
	case id.Serial != "" && len(bySerial) <= maxNFSClientID:
		return bySerial, "the board's serial number"
	case len(id.MAC) > 0:
		return "airroot-mac-" + id.MAC.String(), "the MAC of " + iface
	}
	return "", ""
}

// unsetNFSClientID reports whether s, a client identifier as sysfs or the
// module parameter shows it, says none is set.
func unsetNFSClientID(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "(null)"
}
