package scenario

import (
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
)

func TestKernelCmdline(t *testing.T) {
	s := Scenario{Network: Ethernet{}, Boot: Boot{Cmdline: []string{"rd.shell", "airroot.debug"}}}
	got := KernelCmdline(machine.Boards["virt"], s, Ports{NFS: 4321})
	want := "console=ttyAMA0 panic=-1 rdinit=/init ip=dhcp root=/dev/nfs " +
		"nfsroot=10.0.2.2:/,vers=3,proto=tcp,port=4321,mountport=4321,mountproto=tcp rw rd.shell airroot.debug"
	if got != want {
		t.Errorf("KernelCmdline() =\n%s\nwant\n%s", got, want)
	}
}

func TestKernelCmdlineWiFi(t *testing.T) {
	s := Scenario{Network: WiFi{AP: testbed.AccessPoint{SSID: "x"}}}
	got := KernelCmdline(machine.Boards["raspi1ap"], s, Ports{NFS: 2049})
	want := "console=ttyAMA0,115200 panic=-1 initcall_blacklist=bcm2835_pm_driver_init rdinit=/fixture ip=dhcp root=/dev/nfs " +
		"nfsroot=10.0.2.2:/,vers=3,proto=tcp,port=2049,mountport=2049,mountproto=tcp rw"
	if got != want {
		t.Errorf("KernelCmdline() =\n%s\nwant\n%s", got, want)
	}
}

// TestKernelCmdlineRootPath: with the path from DHCP nfsroot= names the server and
// options only; otherwise it names the export.
func TestKernelCmdlineRootPath(t *testing.T) {
	tests := []struct {
		root Root
		want string
	}{
		{root: Root{Export: "/srv/airroot"}, want: "nfsroot=10.0.2.2:/srv/airroot,vers=3,"},
		{root: Root{Export: "/srv/airroot", PathFromDHCP: true}, want: "nfsroot=10.0.2.2,vers=3,"},
	}
	for _, tt := range tests {
		s := Scenario{Network: WiFi{}, Root: tt.root}
		if got := KernelCmdline(machine.Boards["virt"], s, Ports{NFS: 2049}); !strings.Contains(got, " "+tt.want) {
			t.Errorf("KernelCmdline() with %+v = %s, want %s...", tt.root, got, tt.want)
		}
	}
}

// TestKernelCmdlineStaticIP: a static address replaces ip=dhcp, in the kernel's
// seven-field form with autoconf off; no device leaves the field empty.
func TestKernelCmdlineStaticIP(t *testing.T) {
	tests := []struct {
		ip   StaticIP
		want string
	}{
		{ip: StaticIP{Addr: "10.0.2.50", Hostname: "pi", Device: "wlan0"}, want: " ip=10.0.2.50::10.0.2.2:255.255.255.0:pi:wlan0:off "},
		{ip: StaticIP{Addr: "10.0.2.51"}, want: " ip=10.0.2.51::10.0.2.2:255.255.255.0:::off "},
	}
	for _, tt := range tests {
		s := Scenario{Network: Ethernet{}, Boot: Boot{StaticIP: &tt.ip}}
		got := KernelCmdline(machine.Boards["virt"], s, Ports{NFS: 2049})
		if !strings.Contains(got, tt.want) || strings.Contains(got, "ip=dhcp") {
			t.Errorf("KernelCmdline() with %+v = %s, want %q and no ip=dhcp", tt.ip, got, tt.want)
		}
	}
}
