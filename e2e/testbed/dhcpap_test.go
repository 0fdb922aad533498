package testbed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/artifact"
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
		Router: machine.HostAddr, DNS: "10.0.2.3", LeaseSeconds: 20, RootPath: "/srv/board", Hostname: "board-1", NakRenewals: 1,
		RoutedNet: RoutedNet, MTU: LeaseMTU}
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

// TestDnsmasqAccessPoint: with dnsmasq the fixture gets dnsmasq's range, the pin of the
// station's MAC and the lease file; the archive gets dnsmasq and the libraries hostapd
// lacks, once each, and they count as retained; the faults are refused.
func TestDnsmasqAccessPoint(t *testing.T) {
	ap := AccessPoint{SSID: "net", Passphrase: "12345678",
		DHCP: &DHCPServer{LeaseSeconds: 3600, RootPath: "10.0.2.2:/srv/airroot", Hostname: "board-1", Dnsmasq: true}}
	bed := WiFiBed{AP: ap, NIC: "eth0", NICModules: nicModules["virt"]}
	cfg := bed.FixtureConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("FixtureConfig() is not valid: %v", err)
	}
	want := &guestproto.FixtureDnsmasq{Program: "/usr/sbin/dnsmasq", RangeEnd: "10.0.2.103", PinMAC: StationMAC,
		PinAddr: PinnedAddr, LeaseFile: dnsmasqLeaseFile}
	if diff := cmp.Diff(want, cfg.DHCP.Dnsmasq); diff != "" {
		t.Errorf("FixtureConfig().DHCP.Dnsmasq (-want +got):\n%s", diff)
	}
	if ap.DHCP.Addr() != PinnedAddr || (&DHCPServer{LeaseSeconds: 60}).Addr() != "" || cfg.DHCP.Leased()[0].String() == PinnedAddr {
		t.Errorf("Addr() = %q with dnsmasq, want %s, not the range's first, and none from the fixture's own server", ap.DHCP.Addr(), PinnedAddr)
	}

	mods, ix := testModulesTree(t)
	files := testWiFiFiles(t, mods, ix)
	dnsmasqRoot := t.TempDir()
	for path, data := range map[string]string{"usr/sbin/dnsmasq": "dnsmasq", "usr/sbin/hostapd": "hostapd", "lib/libidn2.so.0": "idn"} {
		if err := os.MkdirAll(filepath.Join(dnsmasqRoot, filepath.Dir(path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dnsmasqRoot, path), []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	running := []artifact.SysrootFile{{Path: "usr/sbin/dnsmasq", Size: 7}, {Path: "usr/sbin/hostapd", Size: 7}, {Path: "lib/libidn2.so.0", Size: 3}}
	files.Dnsmasq = artifact.Userland{Sysroot: dnsmasqRoot, Files: running, Running: running, RunningBytes: 17}
	records, err := files.Records(bed, []string{"mac80211_hwsim"})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range records {
		count[r.Name]++
	}
	if count["/usr/sbin/dnsmasq"] != 1 || count["/lib/libidn2.so.0"] != 1 || count["/usr/sbin/hostapd"] != 1 {
		t.Errorf("records hold dnsmasq %d times, its own library %d, hostapd %d; want each once",
			count["/usr/sbin/dnsmasq"], count["/lib/libidn2.so.0"], count["/usr/sbin/hostapd"])
	}
	if n, err := files.Retained(bed); err != nil || n != 7+7+3+int64(len("fixture binary")) {
		t.Errorf("Retained() = %d, %v; want hostapd, dnsmasq and its own library, and the fixture reading its log", n, err)
	}
	bed.AP.DHCP = &DHCPServer{LeaseSeconds: 20}
	records, err = files.Records(bed, []string{"mac80211_hwsim"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records {
		if r.Name == "/usr/sbin/dnsmasq" {
			t.Error("the fixture's own DHCP server's archive carries dnsmasq")
		}
	}
	ap.DHCP = &DHCPServer{LeaseSeconds: 3600, Dnsmasq: true, NakRenewals: 1}
	if err := ap.Validate(); err == nil || !strings.Contains(err.Error(), "need the fixture's own server") {
		t.Errorf("Validate() of dnsmasq with a NAK fault = %v, want it refused", err)
	}
}
