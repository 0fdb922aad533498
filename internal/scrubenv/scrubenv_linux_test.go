package scrubenv_test

import (
	"os"
	"os/exec"
	"testing"

	_ "github.com/airroot/airroot/internal/scrubenv"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// dialRole is the helper role that dials netlink and reports what it saw.
const dialRole = "netlink-dial"

func TestMain(m *testing.M) {
	if os.Getenv(testutil.HelperEnv) == dialRole {
		os.Exit(dialNetlink())
	}
	os.Exit(m.Run())
}

// dialNetlink is the child. Had the netlink package's init seen
// NLDEBUG=level=bogus, Dial panics ("invalid NLDEBUG level"); with level=9
// it prints. Dialling first checks the order of the two inits, not only
// that the variable is gone by the time main runs.
func dialNetlink() int {
	c, err := netlink.Dial(unix.NETLINK_ROUTE, nil)
	if err != nil {
		return 4
	}
	if _, err := c.Execute(netlink.Message{Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request | netlink.Dump}, Data: make([]byte, 16)}); err != nil {
		return 5
	}
	c.Close()
	if os.Getenv("NLDEBUG") != "" {
		return 3
	}
	return 0
}

func TestNLDEBUGNeverReachesNetlink(t *testing.T) {
	tests := []struct{ name, value string }{
		{name: "a level that makes netlink panic", value: "level=bogus"},
		{name: "a level that makes it dump every message", value: "level=9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(testutil.HelperBinary(t, dialRole))
			cmd.Env = append(os.Environ(), "NLDEBUG="+tt.value)
			out, err := cmd.CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Errorf("netlink with NLDEBUG=%s: %v\n%s", tt.value, err, out)
			}
		})
	}
}
