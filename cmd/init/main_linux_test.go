package main

import (
	"os"
	"os/exec"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// TestNLDEBUGFromKernel runs this binary's package initialization with
// NLDEBUG=level=bogus in the environment, as a kernel command line can put
// it there: netlink must not see it (it panics on a bad level).
func TestNLDEBUGFromKernel(t *testing.T) {
	if os.Getenv(testutil.HelperEnv) == "netlink-dial" { // the child: dial as the keeper would
		c, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		return
	}
	cmd := exec.Command(testutil.HelperBinary(t, "netlink-dial"), "-test.run=^TestNLDEBUGFromKernel$")
	cmd.Env = append(os.Environ(), "NLDEBUG=level=bogus")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("init with NLDEBUG=level=bogus: %v\n%s", err, out)
	}
}
