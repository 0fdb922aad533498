package harness

import (
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/google/go-cmp/cmp"
)

// TestRoutedAccessPoint: with a DHCP server of its own the access point routes, so
// hostapd gets no bridge and the fixture no bridge but the addresses to route with.
func TestRoutedAccessPoint(t *testing.T) {
	s := leaseSoak()
	conf := HostapdConf(*s.AccessPoint)
	if strings.Contains(conf, "bridge=") {
		t.Errorf("HostapdConf() of a routed access point has a bridge:\n%s", conf)
	}
	if !strings.Contains(HostapdConf(wpa2Network), "bridge="+APBridge+"\n") {
		t.Error("HostapdConf() of a bridged access point lost its bridge")
	}
	cfg := FixtureConfigFor(s, Boards["virt"])
	want := &guestproto.FixtureDHCP{NICAddr: "10.0.2.15/24", ServerAddr: "10.0.2.1", ClientAddr: "10.0.2.100/24",
		Router: ServerAddr, DNS: "10.0.2.3", LeaseSeconds: 20}
	if diff := cmp.Diff(want, cfg.DHCP); diff != "" {
		t.Errorf("FixtureConfigFor().DHCP (-want +got):\n%s", diff)
	}
	if cfg.Bridge != "" {
		t.Errorf("FixtureConfigFor().Bridge = %q, want none", cfg.Bridge)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("FixtureConfigFor() is invalid: %v", err)
	}
	ap := *s.AccessPoint
	ap.DHCP = &DHCPServer{}
	if err := ap.Validate(); err == nil || !strings.Contains(err.Error(), "DHCP lease of 0 s") {
		t.Errorf("Validate() with a 0 s lease = %v, want it refused", err)
	}
}
