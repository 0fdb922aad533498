package netboot

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/dhcp"
	"github.com/airroot/airroot/netboot/ipconfig"
	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/google/go-cmp/cmp"
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestRootSpec(t *testing.T) {
	lease := &dhcp.Lease{
		Address:    netip.MustParsePrefix("10.0.2.15/24"),
		ServerID:   addr("10.0.2.2"),
		NextServer: addr("10.0.2.3"),
		RootPath:   "10.0.2.9:/srv/root,vers=4",
	}
	tests := []struct {
		name    string
		ip      *ipconfig.Config
		lease   *dhcp.Lease
		cmdline *nfsroot.Spec
		// fromDHCP: the command line names no directory; implied when
		// cmdline has no Path.
		fromDHCP bool
		nodename string // the kernel's; "" for its "(none)"
		want     nfsroot.Spec
		wantErr  string
	}{
		{name: "command line path, server from ip=",
			ip:      &ipconfig.Config{Server: addr("192.168.1.2")},
			lease:   &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24")},
			cmdline: &nfsroot.Spec{Path: "/srv/%s"},
			want:    nfsroot.Spec{Server: "192.168.1.2", Path: "/srv/10.0.2.15"}},
		{name: "%s is the host name once the board has one, as in the kernel",
			ip:       &ipconfig.Config{Server: addr("192.168.1.2")},
			lease:    &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24")},
			nodename: "pi-07",
			cmdline:  &nfsroot.Spec{Path: "/srv/%s"},
			want:     nfsroot.Spec{Server: "192.168.1.2", Path: "/srv/pi-07"}},
		{name: "command line path, server from DHCP next-server",
			lease:   &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24"), ServerID: addr("10.0.2.2"), NextServer: addr("10.0.2.3")},
			cmdline: &nfsroot.Spec{Path: "/srv"},
			want:    nfsroot.Spec{Server: "10.0.2.3", Path: "/srv"}},
		{name: "command line path, server is the DHCP server when no next-server",
			lease:   &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24"), ServerID: addr("10.0.2.2"), NextServer: addr("0.0.0.0")},
			cmdline: &nfsroot.Spec{Path: "/srv"},
			want:    nfsroot.Spec{Server: "10.0.2.2", Path: "/srv"}},
		{name: "DHCP root-path when the command line has none",
			lease: lease,
			want:  nfsroot.Spec{Server: "10.0.2.9", Path: "/srv/root", Options: []string{"vers=4"}, Version: 4}},
		{name: "nfsroot=SERVER,vers=3: DHCP's path, the command line's server and options",
			lease:   lease,
			cmdline: &nfsroot.Spec{Server: "10.0.2.7", Options: []string{"vers=3"}, Version: 3},
			want:    nfsroot.Spec{Server: "10.0.2.7", Path: "/srv/root", Options: []string{"vers=4", "vers=3"}, Version: 3}},
		{name: "nfsroot=,nolock: DHCP's server and path, options merged",
			lease:   lease,
			cmdline: &nfsroot.Spec{Options: []string{"nolock"}, Version: 3},
			want:    nfsroot.Spec{Server: "10.0.2.9", Path: "/srv/root", Options: []string{"vers=4", "nolock"}, Version: 4}},
		{name: "root=/dev/nfs alone: DHCP's root-path",
			lease: lease, fromDHCP: true,
			want: nfsroot.Spec{Server: "10.0.2.9", Path: "/srv/root", Options: []string{"vers=4"}, Version: 4}},
		{name: "a directory on the command line: DHCP's root-path ignored",
			lease:   lease,
			cmdline: &nfsroot.Spec{Path: "/srv/cmdline", Version: 3},
			want:    nfsroot.Spec{Server: "10.0.2.3", Path: "/srv/cmdline", Version: 3}},
		{name: "no directory anywhere: the kernel's default",
			lease:   &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24"), ServerID: addr("10.0.2.2")},
			cmdline: &nfsroot.Spec{Options: []string{"nolock"}, Version: 3},
			want:    nfsroot.Spec{Server: "10.0.2.2", Path: "/tftpboot/10.0.2.15", Options: []string{"nolock"}, Version: 3}},
		{name: "nowhere to find a root",
			lease:   &dhcp.Lease{Address: netip.MustParsePrefix("10.0.2.15/24")},
			wantErr: "no NFS root: say nfsroot="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := New(tt.ip, nil)
			n.lease, n.addr = tt.lease, tt.lease.Address
			n.nodename = func() string {
				if tt.nodename == "" {
					return "(none)"
				}
				return tt.nodename
			}
			fromDHCP := tt.fromDHCP || tt.cmdline == nil || tt.cmdline.Path == ""
			got, err := n.RootSpec(tt.cmdline, fromDHCP)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("RootSpec error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want.Version == 0 {
				tt.want.Version = got.Version
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatic(t *testing.T) {
	static, err := ipconfig.Parse("10.0.0.5::10.0.0.1:255.255.255.0::eth0:off")
	if err != nil {
		t.Fatal(err)
	}
	if !New(&static, nil).Static() {
		t.Error("a client address with autoconf off is static")
	}
	if New(nil, nil).Static() {
		t.Error("no ip= is DHCP, not static")
	}
}

func TestResolvConf(t *testing.T) {
	got := resolvConf([]netip.Addr{addr("10.0.2.3"), addr("1.1.1.1")})
	if want := "nameserver 10.0.2.3\nnameserver 1.1.1.1\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
