package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/machine"
)

// TestRootVers: NFSv4 needs ganesha (go-nfs serves NFSv3 only), a v4 root gets the
// nfsv4 module and a command line without MOUNT's options.
func TestRootVers(t *testing.T) {
	tests := []struct {
		root     Root
		bad      string // what Validate must name; "" for none
		cmdline  string
		modules  string
		versions int
	}{
		{Root{Server: Ganesha, Export: "/srv/a"}, "", "vers=3,proto=tcp,port=1,mountport=2,mountproto=tcp", "nfsv3", 2},
		{Root{Server: Ganesha, Export: "/srv/a", Vers: "4.1"}, "", "nfsroot=10.0.2.2:/srv/a,vers=4.1,proto=tcp,port=1 ", "nfsv4", 1},
		{Root{Vers: "4.2"}, "serves NFSv3 only", "vers=4.2", "nfsv4", 1},
		{Root{Server: Ganesha, Vers: "5"}, "want 3, 4", "", "", 2},
	}
	for _, tt := range tests {
		s := Scenario{Name: "virt-x", Board: "virt", Network: Ethernet{}, Root: tt.root, Checks: newRoot(bootSteps), Timeout: time.Minute}
		err := s.Validate(machine.Boards)
		if (tt.bad == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.bad) {
			t.Errorf("Validate(%+v) = %v, want an error naming %q", tt.root, err, tt.bad)
		}
		if got := KernelCmdline(machine.Boards["virt"], s, Ports{NFS: 1, Mount: 2}); !strings.Contains(got+" ", tt.cmdline) {
			t.Errorf("KernelCmdline(%+v) = %s, want %q", tt.root, got, tt.cmdline)
		}
		if got := strings.Join(tt.root.modules(), " "); tt.modules != "" && !strings.Contains(got, tt.modules) {
			t.Errorf("%+v: modules %s, want %s", tt.root, got, tt.modules)
		}
		if got := len(tt.root.ganeshaVersions()); got != tt.versions {
			t.Errorf("%+v: ganesha serves %d versions, want %d", tt.root, got, tt.versions)
		}
	}
}
