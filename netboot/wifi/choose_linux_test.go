package wifi

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestJoinChoosesByPriorityThenSignal(t *testing.T) {
	const twoNetworks = `network={
	ssid="home"
	psk="correct horse battery staple"
	priority=1
}
network={
	ssid="work"
	psk="correct horse battery staple"
	priority=5
}
`
	tests := []struct {
		name string
		conf string
		want string
	}{
		{name: "higher priority wins over a stronger signal", conf: twoNetworks, want: "02:00:00:00:00:03"},
		{name: "stronger signal within a network", conf: homeConf, want: "02:00:00:00:00:02"},
		{name: "bssid= pins the weaker access point", conf: "network={\n ssid=\"home\"\n bssid=02:00:00:00:00:01\n psk=\"correct horse battery staple\"\n}\n",
			want: "02:00:00:00:00:01"},
		{name: "freq_list= excludes the other channels", conf: "network={\n ssid=\"home\"\n freq_list=2412\n psk=\"correct horse battery staple\"\n}\n",
			want: "02:00:00:00:00:01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			weak := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
			weak.bss.Signal = -8000
			strong := newFakeAP(t, "02:00:00:00:00:02", "home", "correct horse battery staple", rsnePSKCCMP)
			strong.bss.Signal, strong.bss.Frequency = -3000, 5180
			work := newFakeAP(t, "02:00:00:00:00:03", "work", "correct horse battery staple", rsnePSKCCMP)
			work.bss.Signal = -6000
			w := newWorld(t, ccmpWiphy, weak, strong, work)
			s, err := w.join(tt.conf, w.options())
			if err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			if got := s.BSSID.String(); got != tt.want {
				t.Errorf("joined %s, want %s", got, tt.want)
			}
		})
	}
}

// TestJoinUnusableAccessPoint: the error names the SSID, what was seen and
// that airroot keeps trying; WPA3 is called WPA3.
func TestJoinUnusableAccessPoint(t *testing.T) {
	tests := []struct {
		name string
		rsne []byte
		conf string
		want string
	}{
		{
			name: "TKIP only",
			rsne: rsnePSKTKIP,
			conf: homeConf,
			want: `access point 02:00:00:00:00:01 ("home") offers only TKIP encryption, airroot needs WPA2 with CCMP (AES): ` + ErrAccessPoint.Error(),
		},
		{
			name: "WPA3 only, the network WPA2",
			rsne: []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 8, 0xc0, 0},
			conf: homeConf,
			want: `access point 02:00:00:00:00:01 ("home"): access point offers key management SAE, the network allows WPA-PSK; for WPA3 add SAE to key_mgmt=: not supported: ` + ErrAccessPoint.Error(),
		},
		{
			name: "an open network configured for WPA2",
			conf: homeConf,
			want: `access point 02:00:00:00:00:01 ("home") is an open network, but the network is configured for WPA2-PSK: ` + ErrAccessPoint.Error(),
		},
		{
			name: "an encrypted network configured as open",
			rsne: rsnePSKCCMP,
			conf: "network={\n ssid=\"home\"\n key_mgmt=NONE\n}\n",
			want: `access point 02:00:00:00:00:01 ("home") requires encryption, but the network is configured with key_mgmt=NONE (if it is yours, give it its psk=): ` + ErrAccessPoint.Error(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", tt.rsne)
			w := newWorld(t, ccmpWiphy, ap)
			_, err := w.join(tt.conf, w.options())
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Join error %v\nwant %s", err, tt.want)
			}
			// Scan data is unauthenticated and an access point may restart
			// in another mode: never a reason to stop trying.
			if !errors.Is(err, ErrAccessPoint) || RetryOf(err) != RetrySoon {
				t.Errorf("RetryOf = %v, want %v", RetryOf(err), RetrySoon)
			}
			if n := len(w.k.Requests(unix.NL80211_CMD_CONNECT)); n != 0 {
				t.Errorf("%d CMD_CONNECT sent to an unusable access point", n)
			}
		})
	}
}

func TestJoinNoWirelessInterface(t *testing.T) {
	w := newEmptyWorld(t)
	_, err := w.join(homeConf, w.options())
	want := "no wireless interface after 200ms (have: lo, eth0)"
	if err == nil || err.Error() != want {
		t.Fatalf("Join error %v\nwant %s", err, want)
	}
	if !errors.Is(err, ErrNoInterface) || RetryOf(err) != RetrySoon {
		t.Errorf("error %v: ErrNoInterface %v, RetryOf %v", err, errors.Is(err, ErrNoInterface), RetryOf(err))
	}
}

// TestJoinNoWirelessInterfaceNamesDriverless: when no radio came, the
// error names the devices without a driver, one of which may be it.
func TestJoinNoWirelessInterfaceNamesDriverless(t *testing.T) {
	w := newEmptyWorld(t)
	opts := w.options()
	opts.Driverless = func() []string {
		return []string{`USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00)`}
	}
	_, err := w.join(homeConf, opts)
	want := `no wireless interface after 200ms (have: lo, eth0); without a driver: ` +
		`USB 0bda:8179 "802.11n NIC" at 1-1:1.0 (modalias usb:v0BDAp8179d0000dc00dsc00dp00icFFiscFFipFFin00)` +
		` ('airroot modules MODALIAS' on the build machine names a device's module)`
	if err == nil || err.Error() != want {
		t.Fatalf("Join error %v\nwant %s", err, want)
	}
	if !errors.Is(err, ErrNoInterface) {
		t.Errorf("error %v is not ErrNoInterface", err)
	}
}

// TestJoinPassesOverAnImpostor: an open access point carrying the
// configured SSID, however strong, does not stop Join from choosing the
// real one.
func TestJoinPassesOverAnImpostor(t *testing.T) {
	impostor := newFakeAP(t, "02:00:00:00:00:01", "home", "", nil)
	impostor.bss.Signal = -2000
	real := newFakeAP(t, "02:00:00:00:00:02", "home", "correct horse battery staple", rsnePSKCCMP)
	real.bss.Signal = -7000
	w := newWorld(t, ccmpWiphy, impostor, real)
	s, err := w.join(homeConf, w.options())
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if got := s.BSSID.String(); got != "02:00:00:00:00:02" {
		t.Errorf("joined %s, want the WPA2 access point 02:00:00:00:00:02", got)
	}
	if !strings.Contains(w.log(), `cannot use 02:00:00:00:00:01: access point 02:00:00:00:00:01 ("home") is an open network`) {
		t.Errorf("the log does not say why the open access point was passed over:\n%s", w.log())
	}
}
