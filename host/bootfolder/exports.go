package bootfolder

import (
	"fmt"
	"strings"
)

// DefaultExport is the folder suggested when the root's path comes from
// DHCP.
const DefaultExport = "/srv/pi"

// ExportOptions are the export options an NFS root needs:
//   - rw: the board writes to its root;
//   - sync: the server answers only once data is on its disk, so a board
//     or server losing power leaves no half-written root;
//   - no_subtree_check: no subtree checks, which fail when files are
//     renamed while open (and are the default anyway);
//   - no_root_squash: the board's root stays root on the server, so that
//     files keep their owners and setuid programs (su, passwd) work; with
//     root squashed to nobody a root file system does not boot.
const ExportOptions = "rw,sync,no_subtree_check,no_root_squash"

// ExportsLine returns the /etc/exports line that serves the root folder dir
// ("" for DefaultExport) to every host; replace * with the boards' network
// (192.168.1.0/24). A "%s" in dir, nfsroot='s stand-in for the client's
// address, is shown as <client-ip>: such a root needs a line per board.
func ExportsLine(dir string) string {
	if dir == "" {
		dir = DefaultExport
	}
	dir = strings.ReplaceAll(dir, "%s", "<client-ip>")
	return fmt.Sprintf("%s  *(%s)", dir, ExportOptions)
}
