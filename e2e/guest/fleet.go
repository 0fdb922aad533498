package main

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/init/layout"
)

// checkRoot verifies what the root is: an NFS mount, or for a board of a fleet
// an overlay whose lower layer is the NFS root.
func checkRoot(sys system, exp guestproto.Expect) guestproto.Check {
	if exp.Fleet == nil {
		return checkRootIsNFS(sys)
	}
	return checkMountIs(sys, "root-is-overlay", "/", "overlay")
}

// fleetChecks are one board's checks of a fleet booted from one root: the shared
// root below the overlay is NFS, a file this board writes is the only one in
// f.Dir, and its persistent directory is NFS and takes its MAC.
func fleetChecks(sys system, f guestproto.Fleet) []guestproto.Check {
	mac, err := fs.ReadFile(sys.root, path.Join("sys/class/net", f.Interface, "address"))
	if err != nil {
		return []guestproto.Check{newCheck("fleet-mac", err, "")}
	}
	name := guestproto.FleetName(strings.TrimSpace(string(mac)))
	return []guestproto.Check{
		checkMountIs(sys, "fleet-lower-is-nfs", layout.OverlayLower.Path, "nfs"),
		checkFleetAlone(sys, f.Dir, name),
		checkMountIs(sys, "fleet-persist-is-nfs", f.Persist, "nfs"),
		checkWriteRead(sys, "fleet-persist", path.Join(f.Persist, guestproto.FleetPersistFile), name),
	}
}

// checkFleetAlone writes dir/name in the overlay root and checks it is the
// only file there: the other boards' went to their own upper layers.
func checkFleetAlone(sys system, dir, name string) guestproto.Check {
	if c := checkWriteRead(sys, "fleet-own-file", path.Join(dir, name), name); !c.Pass {
		return c
	}
	entries, err := fs.ReadDir(sys.root, strings.TrimPrefix(dir, "/"))
	if err != nil {
		return newCheck("fleet-own-file", err, "")
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{name}) {
		err = fmt.Errorf("%s holds %q, want only this board's %s", dir, names, name)
	}
	return newCheck("fleet-own-file", err, fmt.Sprintf("%s holds only %s", dir, name))
}

// checkWriteRead writes text to file and reads it back.
func checkWriteRead(sys system, check, file, text string) guestproto.Check {
	if err := sys.writeFile(file, []byte(text)); err != nil {
		return newCheck(check, err, "")
	}
	got, err := fs.ReadFile(sys.root, strings.TrimPrefix(file, "/"))
	if err == nil && string(got) != text {
		err = fmt.Errorf("%s holds %q after writing %q", file, got, text)
	}
	return newCheck(check, err, fmt.Sprintf("wrote and read back %s", file))
}
