package wifi

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"golang.org/x/sys/unix"
)

// TestJoinOnAKnownDevice: a join given the Device an earlier join found
// asks the kernel for no interface or radio description and leaves the
// interface as it is; without it, a join asks again.
func TestJoinOnAKnownDevice(t *testing.T) {
	for _, tt := range []struct {
		name      string
		known     bool
		wantDumps int // GET_INTERFACE and GET_WIPHY requests of the second join
		wantUp    int // interfaces it brought up
	}{
		{name: "device known: a scan and a connection only", known: true},
		{name: "device unknown: found again", wantDumps: 2, wantUp: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// An open network: the fake access point runs one 4-way handshake only.
			const open = "network={\n ssid=\"home\"\n key_mgmt=NONE\n}\n"
			w := newWorld(t, ccmpWiphy, newFakeAP(t, "02:00:00:00:00:01", "home", "", nil))
			first, err := w.join(open, w.options())
			if err != nil {
				t.Fatalf("first Join: %v\n%s", err, w.log())
			}
			first.Close()
			dumps := func() int {
				return len(w.k.Requests(unix.NL80211_CMD_GET_INTERFACE)) + len(w.k.Requests(unix.NL80211_CMD_GET_WIPHY))
			}
			before, up := dumps(), len(w.linkUp)
			opts := w.options()
			if tt.known {
				opts.Device = &first.Device
			}
			s, err := w.join(open, opts)
			if err != nil {
				t.Fatalf("second Join: %v\n%s", err, w.log())
			}
			if got := dumps() - before; got != tt.wantDumps {
				t.Errorf("%d interface and radio requests, want %d", got, tt.wantDumps)
			}
			if got := len(w.linkUp) - up; got != tt.wantUp {
				t.Errorf("brought %d interfaces up, want %d", got, tt.wantUp)
			}
			if s.Interface != "wlan0" || s.Device.Wiphy == nil || s.Device.Interface.Index != ifindex {
				t.Errorf("session on %q, device %+v; want wlan0 (ifindex %d) and its radio", s.Interface, s.Device, ifindex)
			}
		})
	}
}

// BenchmarkRejoinAttempt is one attempt of a rejoin while the access point
// is away (a scan of the lost channel that finds nothing) on a fake kernel,
// with the device an earlier join found and without it (a dump of the
// interfaces and one of the radio first): what the attempt costs this
// side of netlink.
func BenchmarkRejoinAttempt(b *testing.B) {
	for _, bb := range []struct {
		name  string
		known bool
	}{{"device known", true}, {"device looked up", false}} {
		b.Run(bb.name, func(b *testing.B) {
			k := nl80211test.New()
			defer k.Close()
			k.AddWiphy(ccmpWiphy)
			k.AddInterface(nl80211test.Interface{Index: ifindex, Name: "wlan0", MAC: testutil.MAC(b, staMAC)})
			c, err := nl80211.NewClient(k.Conns())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			opts := Options{Radio: c, LinkUp: func(string) error { return nil }, Hint: Hint{Frequencies: []int{2412}}}
			if bb.known {
				w, err := c.Wiphy(0)
				if err != nil {
					b.Fatal(err)
				}
				opts.Device = &Device{Interface: nl80211.Interface{Index: ifindex, Name: "wlan0", Type: nl80211.InterfaceStation}, Wiphy: w}
			}
			cfg, _, err := conf.Parse(strings.NewReader(homeConf))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Join(context.Background(), cfg, "", opts); !errors.Is(err, ErrNotFound) {
					b.Fatalf("Join: %v, want %v", err, ErrNotFound)
				}
			}
		})
	}
}
