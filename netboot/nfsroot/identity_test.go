package nfsroot

import (
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	mac, _ := net.ParseMAC("B8:27:EB:12:34:5A")
	pi := Identity{Addr: netip.MustParseAddr("192.168.1.20"), MAC: mac, Hostname: "pi-07", Serial: "10000000A1B2C3D4"}
	virt := Identity{Addr: netip.MustParseAddr("10.0.2.15"), MAC: mac}
	tests := []struct {
		name    string
		path    string
		id      Identity
		want    string
		wantErr error
		inErr   string // the error must name this
	}{
		{name: "no sequences", path: "/srv/root", id: virt, want: "/srv/root"},
		{name: "address without a host name", path: "/tftpboot/%s", id: virt, want: "/tftpboot/10.0.2.15"},
		// The kernel's nfsroot fills %s with its node name: the host name
		// once ip= or DHCP option 12 gave one (fs/nfs/nfsroot.c, ipconfig).
		{name: "host name for %s, as the kernel's node name", path: "/tftpboot/%s", id: pi, want: "/tftpboot/pi-07"},
		{name: "address when the host name cannot be a path", path: "/srv/%s",
			id: Identity{Addr: netip.MustParseAddr("10.0.2.15"), Hostname: "a/b"}, want: "/srv/10.0.2.15"},
		{name: "mac lowercase with dashes", path: "/srv/boards/%m", id: pi, want: "/srv/boards/b8-27-eb-12-34-5a"},
		{name: "hostname", path: "/srv/%h/home", id: pi, want: "/srv/pi-07/home"},
		{name: "serial lowercase", path: "/srv/%n", id: pi, want: "/srv/10000000a1b2c3d4"},
		{name: "all and a percent", path: "/%s/%m/%h/%n/100%%", id: pi,
			want: "/pi-07/b8-27-eb-12-34-5a/pi-07/10000000a1b2c3d4/100%"},
		{name: "ipv6 zone dropped", path: "/%s", id: Identity{Addr: netip.MustParseAddr("fe80::1%wlan0")}, want: "/fe80::1"},
		{name: "unknown sequence", path: "/srv/%x", id: pi, wantErr: ErrUnknownIdentity, inErr: "%x"},
		{name: "lone percent at the end", path: "/srv/50%", id: pi, wantErr: ErrUnknownIdentity, inErr: "lone %"},
		{name: "no serial on virt", path: "/srv/%n", id: virt, wantErr: ErrNoIdentity, inErr: "serial number"},
		{name: "no hostname", path: "/srv/%h", id: virt, wantErr: ErrNoIdentity, inErr: "host name"},
		{name: "no mac", path: "/srv/%m", id: Identity{}, wantErr: ErrNoIdentity, inErr: "MAC"},
		{name: "no address", path: "/srv/%s", id: Identity{}, wantErr: ErrNoClient, inErr: "address"},
		{name: "hostname with a slash", path: "/srv/%h", id: Identity{Hostname: "a/b"}, wantErr: ErrNoIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Expand(tt.path, tt.id)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Expand(%q) error = %v, want %v", tt.path, err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.inErr) {
				t.Errorf("Expand(%q) error %q does not name %q", tt.path, err, tt.inErr)
			}
			if got != tt.want {
				t.Errorf("Expand(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

// FuzzExpand checks that Expand never panics, that what it returns holds no
// '%' it did not get from "%%" and no new '/', and that a path without '%'
// comes back unchanged.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"/srv/boards/%m", "/%s/%h/%n", "/100%%", "/x%", "%q", "/tftpboot/%s", ""} {
		f.Add(s)
	}
	mac, _ := net.ParseMAC("52:54:00:12:34:56")
	id := Identity{Addr: netip.MustParseAddr("10.0.2.15"), MAC: mac, Hostname: "board-1", Serial: "00000000abcdef01"}
	f.Fuzz(func(t *testing.T, path string) {
		got, err := Expand(path, id)
		if !strings.Contains(path, "%") {
			if err != nil || got != path {
				t.Fatalf("Expand(%q) = %q, %v: want it unchanged", path, got, err)
			}
			return
		}
		if err != nil {
			if !errors.Is(err, ErrUnknownIdentity) && !errors.Is(err, ErrNoIdentity) && !errors.Is(err, ErrNoClient) {
				t.Fatalf("Expand(%q) error %v is none of the package's", path, err)
			}
			return
		}
		if strings.Count(got, "/") != strings.Count(path, "/") {
			t.Errorf("Expand(%q) = %q: the number of '/' changed", path, got)
		}
		if strings.Count(got, "%") != strings.Count(path, "%%") {
			t.Errorf("Expand(%q) = %q: '%%' count is not the number of %%%% in the path", path, got)
		}
	})
}
