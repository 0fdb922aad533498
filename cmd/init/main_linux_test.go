package main

import (
	"os"
	"os/exec"
	"strings"
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

func TestCheckPID1(t *testing.T) {
	if err := checkPID1(1); err != nil {
		t.Errorf("checkPID1(1) = %v, want nil", err)
	}
	err := checkPID1(4242)
	if err == nil {
		t.Fatal("checkPID1(4242) = nil: /init would mount over the host's /run")
	}
	for _, want := range []string{"PID 4242", "airroot build"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("checkPID1(4242) = %q, want it to name %q", err, want)
		}
	}
}
