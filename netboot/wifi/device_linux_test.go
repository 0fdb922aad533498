package wifi

import (
	"testing"

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
