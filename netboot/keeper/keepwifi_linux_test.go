package keeper

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/internal/backoff"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// The raspi1ap boot: the access point disconnects the station after the
// wifi step, while the boot's DHCP step waits for a lease. The keeper
// joins again (the same rejoin as after the switch), the DHCP attempt on
// the dead link ends at once, and the next one runs on the new link.
func TestLinkLostDuringDHCPIsRejoined(t *testing.T) {
	for _, tt := range []struct {
		name   string
		lose   func(kern *nl80211test.Kernel, bssid, sta []byte)
		reason string
	}{
		{name: "disconnected by the access point", reason: "reason 15",
			lose: func(kern *nl80211test.Kernel, _, _ []byte) { kern.Disconnected(3, 15, true) }},
		{name: "deauthenticated, then disconnected", reason: "reason 2",
			lose: func(kern *nl80211test.Kernel, bssid, sta []byte) {
				kern.Deauthenticated(3, bssid, sta, 2)
				kern.Disconnected(3, 2, true)
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			kern, k, console, cfg, s := joinedCafe(ctx, t)
			gate := newLinkGate()
			go k.keepWiFi(ctx, cfg, s, gate)

			started, attempt := make(chan struct{}), make(chan error, 1)
			go func() {
				attempt <- gate.run(ctx, func(ctx context.Context) error {
					close(started)
					<-ctx.Done() // no offer on this link
					return ctx.Err()
				})
			}()
			<-started
			tt.lose(kern, s.BSSID, s.MAC)
			if err := <-attempt; !errors.Is(err, errWiFiDown) {
				t.Errorf("DHCP attempt on the lost link = %v, want %v", err, errWiFiDown)
			}
			ran := false
			if err := gate.run(ctx, func(context.Context) error { ran = true; return nil }); err != nil || !ran {
				t.Fatalf("next DHCP attempt: ran %v, error %v; want it run on the new link\n%s", ran, err, console)
			}
			if n := len(kern.Requests(unix.NL80211_CMD_CONNECT)); n != 2 {
				t.Errorf("%d CMD_CONNECTs, want 2 (the join and the rejoin)", n)
			}
			console.WaitFor(t, "wifi: reconnected after")
			if log := console.String(); !strings.Contains(log, "wifi: link lost") || !strings.Contains(log, tt.reason) ||
				!strings.Contains(log, "wifi: reconnected after") {
				t.Errorf("keeper log lacks the loss (%s) and the reconnection:\n%s", tt.reason, log)
			}
		})
	}
}

// TestRejoinPlan follows the keeper's rejoin after a lost link: straight back
// to an access point that deauthenticated the station; after beacons were
// lost, the lost channel twice, then the others, which find the access point
// where it moved. No attempt asks the kernel again for the interfaces or the
// radio's description: the lost session's stand.
func TestRejoinPlan(t *testing.T) {
	cafe := func(t *testing.T, freq int) nl80211test.BSS {
		return nl80211test.BSS{BSSID: testutil.MAC(t, "02:00:00:00:00:01"), Frequency: freq, Signal: -3000, SSID: "cafe", Capability: 1}
	}
	for _, tt := range []struct {
		name      string
		lose      func(t *testing.T, kern *nl80211test.Kernel, s *wifi.Session)
		wantScans [][]int // the frequencies of the rejoin's TRIGGER_SCANs
		wantLine  string
	}{
		{name: "deauthenticated: connect without a scan", wantLine: "2412 MHz), attempt 1",
			lose: func(_ *testing.T, kern *nl80211test.Kernel, s *wifi.Session) {
				kern.Deauthenticated(3, s.BSSID, s.MAC, 2)
			}},
		{name: "beacons lost, the access point moved to channel 11", wantLine: "2462 MHz), attempt 3",
			lose: func(t *testing.T, kern *nl80211test.Kernel, s *wifi.Session) {
				kern.RemoveBSS(s.BSSID)
				kern.AddBSS(cafe(t, 2462))
				kern.Disconnected(3, 4, false)
			},
			wantScans: [][]int{{2412}, {2412}, {2412, 2437, 2462}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			kern, k, console, cfg, s := joinedCafe(ctx, t)
			before := len(kern.Requests(unix.NL80211_CMD_TRIGGER_SCAN))
			dumps := func() int {
				return len(kern.Requests(unix.NL80211_CMD_GET_INTERFACE)) + len(kern.Requests(unix.NL80211_CMD_GET_WIPHY))
			}
			dumpsBefore := dumps()
			go k.keepWiFi(ctx, cfg, s, newLinkGate())
			tt.lose(t, kern, s)
			console.WaitFor(t, "wifi: reconnected after")
			if !strings.Contains(console.String(), tt.wantLine) {
				t.Errorf("keeper log lacks %q:\n%s", tt.wantLine, console)
			}
			var scans [][]int
			for _, r := range kern.Requests(unix.NL80211_CMD_TRIGGER_SCAN)[before:] {
				scans = append(scans, r.ScanFrequencies())
			}
			if diff := cmp.Diff(tt.wantScans, scans); diff != "" {
				t.Errorf("rejoin's scans (-want +got):\n%s\n%s", diff, console)
			}
			if n := dumps() - dumpsBefore; n != 0 {
				t.Errorf("the rejoin asked %d times for the interfaces or the radio, want 0", n)
			}
		})
	}
}

// joinedCafe is a fakeRadioKeeper joined to "cafe": the fake kernel, the
// keeper, its console, the Wi-Fi configuration and the session.
func joinedCafe(ctx context.Context, t *testing.T) (*nl80211test.Kernel, *keeper, *testutil.Buffer, *conf.Config, *wifi.Session) {
	t.Helper()
	kern, k, console := fakeRadioKeeper(t)
	cfg, _, err := conf.Parse(strings.NewReader("network={\n ssid=\"cafe\"\n key_mgmt=NONE\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := wifi.Join(ctx, cfg, "", k.wifiOptions())
	if err != nil {
		t.Fatalf("Join: %v", err)
	}
	return kern, k, console, cfg, s
}

// fakeRadioKeeper is a keeper whose joins go to a fake kernel with one
// radio, wlan0 (ifindex 3), and an open access point "cafe" on 2412 MHz
// that accepts every association.
func fakeRadioKeeper(t *testing.T) (*nl80211test.Kernel, *keeper, *testutil.Buffer) {
	t.Helper()
	kern := nl80211test.New()
	t.Cleanup(kern.Close)
	kern.AddWiphy(nl80211test.Wiphy{Index: 0, Name: "phy0", MaxScanSSIDs: 4,
		ExtFeatures: []int{unix.NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211}, Ciphers: []uint32{0x000fac04},
		Bands: [][]nl80211test.Channel{{{Freq: 2412}, {Freq: 2437}, {Freq: 2462}}}})
	kern.AddInterface(nl80211test.Interface{Index: 3, Name: "wlan0", Wiphy: 0, MAC: testutil.MAC(t, "02:00:00:00:01:00")})
	kern.AddBSS(nl80211test.BSS{BSSID: testutil.MAC(t, "02:00:00:00:00:01"), Frequency: 2412, Signal: -3000, SSID: "cafe", Capability: 1})
	kern.OnConnect = func(r nl80211test.ConnectRequest) { kern.ConnectResult(r.Ifindex, r.BSSID, 0) }
	// One client for every join: the fake kernel has one event queue,
	// which a closed client's socket would still drain.
	client, err := nl80211.NewClient(kern.Conns())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	settled := make(chan struct{})
	close(settled)
	console := &testutil.Buffer{}
	k := &keeper{
		log: &bootlog.Logger{Console: console}, status: io.Discard, net: netboot.New(nil, nil), settled: settled,
		boot: backoff.Backoff{Initial: time.Millisecond, Max: 10 * time.Millisecond},
		radio: func(o *wifi.Options) {
			o.Radio = client
			o.LinkUp = func(string) error { return nil }
			o.ScanTimeout, o.AssociateTimeout, o.PollInterval = time.Second, time.Second, 10*time.Millisecond
		},
	}
	return kern, k, console
}

func TestJoinAddrs(t *testing.T) {
	a, b, c := netip.MustParseAddr("10.0.2.2"), netip.MustParseAddr("10.0.2.3"), netip.MustParseAddr("10.0.2.4")
	for _, tt := range []struct {
		in   []netip.Addr
		want string
	}{
		{[]netip.Addr{a}, "10.0.2.2"},
		{[]netip.Addr{a, b}, "10.0.2.2 and 10.0.2.3"},
		{[]netip.Addr{a, b, c}, "10.0.2.2, 10.0.2.3 and 10.0.2.4"},
	} {
		if got := joinAddrs(tt.in); got != tt.want {
			t.Errorf("joinAddrs(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
