package link

import (
	"testing"
	"testing/fstest"
)

// fakeSys is a /sys with a wext Wi-Fi card, a cfg80211-only one and wired eth0.
var fakeSys = fstest.MapFS{
	"class/net/wlan0/wireless/.keep": {},
	"class/net/wlan0/type":           {Data: []byte("1\n")},
	"class/net/wlan1/phy80211":       {Data: []byte("../../../ieee80211/phy1")},
	"class/net/eth0/type":            {Data: []byte("1\n")},
	"class/net/lo/type":              {Data: []byte("772\n")},
}

func TestIsWireless(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{name: "wlan0", want: true},
		{name: "wlan1", want: true},
		{name: "eth0", want: false},
		{name: "lo", want: false},
		{name: "missing0", want: false},
		{name: "", want: false},
		{name: "..", want: false},
		{name: "../net/wlan0", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isWireless(fakeSys, tt.name); got != tt.want {
				t.Errorf("isWireless(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestRejection(t *testing.T) {
	tests := []struct {
		name string
		i    iface
		want string
	}{
		{name: "wired", i: iface{Name: "eth0", Type: arphrdEther}, want: ""},
		{name: "wired with carrier", i: iface{Name: "eth0", Type: arphrdEther, Flags: iffUp | iffLowerUp}, want: ""},
		{name: "loopback by type", i: iface{Name: "lo", Type: arphrdLoopback}, want: "loopback"},
		{name: "loopback by flag", i: iface{Name: "lo2", Type: arphrdEther, Flags: iffLoopback}, want: "loopback"},
		{name: "ipip tunnel", i: iface{Name: "tunl0", Type: 768}, want: "not Ethernet: type 768"},
		{name: "wext wireless", i: iface{Name: "wlan0", Type: arphrdEther}, want: "wireless"},
		{name: "cfg80211 wireless", i: iface{Name: "wlan1", Type: arphrdEther}, want: "wireless"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rejection(tt.i, fakeSys); got != tt.want {
				t.Errorf("rejection(%+v) = %q, want %q", tt.i, got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name   string
		ifaces map[int]iface
		want   string
	}{
		{name: "none", ifaces: map[int]iface{}, want: "none"},
		{
			name: "by index, each with its state",
			ifaces: map[int]iface{
				4: {Name: "wlan0", Index: 4, Type: arphrdEther},
				1: {Name: "lo", Index: 1, Type: arphrdLoopback, Flags: iffUp | iffLoopback | iffLowerUp},
				3: {Name: "eth1", Index: 3, Type: arphrdEther},
				2: {Name: "eth0", Index: 2, Type: arphrdEther, Flags: iffUp},
				5: {Name: "eth2", Index: 5, Type: arphrdEther, Note: "cannot bring up: operation not permitted"},
				6: {Name: "sit0", Index: 6, Type: 776},
			},
			want: "lo (loopback), eth0 (no carrier), eth1 (down), wlan0 (wireless), " +
				"eth2 (cannot bring up: operation not permitted), sit0 (not Ethernet: type 776)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describe(tt.ifaces, fakeSys); got != tt.want {
				t.Errorf("describe() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
