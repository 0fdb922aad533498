package testbed

import (
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/google/go-cmp/cmp"
)

// TestRoutedAccessPoint: with a DHCP server of its own the access point routes, so
// hostapd gets no bridge and the fixture no bridge but the addresses to route with.
func TestRoutedAccessPoint(t *testing.T) {
	wpa2 := AccessPoint{SSID: "airroot-e2e", Passphrase: "correct horse battery staple"}
	routed := wpa2
	routed.DHCP = &DHCPServer{LeaseSeconds: 20, RootPath: "/srv/board", Hostname: "board-1", NakRenewals: 1}
	conf := HostapdConf(routed)
	if strings.Contains(conf, "bridge=") {
		t.Errorf("HostapdConf() of a routed access point has a bridge:\n%s", conf)
	}
	if !strings.Contains(HostapdConf(wpa2), "bridge="+apBridge+"\n") {
		t.Error("HostapdConf() of a bridged access point lost its bridge")
	}
	cfg := WiFiBed{AP: routed, NIC: "eth0", NICModules: nicModules["virt"]}.FixtureConfig()
	want := &guestproto.FixtureDHCP{NICAddr: "10.0.2.15/24", ServerAddr: "10.0.2.1", ClientAddr: "10.0.2.100/24",
		Router: machine.HostAddr, DNS: "10.0.2.3", LeaseSeconds: 20, RootPath: "/srv/board", Hostname: "board-1", NakRenewals: 1}
	if diff := cmp.Diff(want, cfg.DHCP); diff != "" {
		t.Errorf("FixtureConfig().DHCP (-want +got):\n%s", diff)
	}
	if cfg.Bridge != "" {
		t.Errorf("FixtureConfig().Bridge = %q, want none", cfg.Bridge)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("FixtureConfig() is invalid: %v", err)
	}
	ap := routed
	ap.DHCP = &DHCPServer{}
	if err := ap.Validate(); err == nil || !strings.Contains(err.Error(), "lease_seconds 0: want a positive number") {
		t.Errorf("Validate() with a 0 s lease = %v, want it refused", err)
	}
}
