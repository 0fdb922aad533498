package netboot

import (
	"net"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/nfsroot"
)

func TestNFSClientID(t *testing.T) {
	mac, _ := net.ParseMAC("b8:27:eb:12:34:56")
	tests := []struct {
		name     string
		id       nfsroot.Identity
		want     string
		wantFrom string
	}{
		{"serial wins", nfsroot.Identity{Serial: "00000000a1b2c3d4", MAC: mac}, "airroot-serial-00000000a1b2c3d4", "the board's serial number"},
		{"MAC without a serial", nfsroot.Identity{MAC: mac, Hostname: "pi"}, "airroot-mac-b8:27:eb:12:34:56", "the MAC of wlan0"},
		{"serial too long for the kernel", nfsroot.Identity{Serial: strings.Repeat("9", 60), MAC: mac}, "airroot-mac-b8:27:eb:12:34:56", "the MAC of wlan0"},
		{"nothing to go by", nfsroot.Identity{Hostname: "pi"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := nfsClientID(tt.id, "wlan0")
			if got != tt.want || from != tt.wantFrom {
				t.Errorf("nfsClientID = %q (from %q), want %q (from %q)", got, from, tt.want, tt.wantFrom)
			}
			if len(got) > maxNFSClientID {
				t.Errorf("nfsClientID = %q: %d bytes, the kernel takes %d", got, len(got), maxNFSClientID)
			}
		})
	}
}
