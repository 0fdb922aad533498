package testbed

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
	"github.com/u-root/u-root/pkg/cpio"
)

// testModulesDep is a modules.dep like depmod writes for the modules the Wi-Fi
// scenarios use on virt.
const testModulesDep = `kernel/net/rfkill/rfkill.ko:
kernel/net/wireless/cfg80211.ko: kernel/net/rfkill/rfkill.ko
kernel/net/mac80211/mac80211.ko: kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko
kernel/drivers/net/wireless/mac80211_hwsim.ko: kernel/net/mac80211/mac80211.ko kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko
kernel/net/llc/llc.ko:
kernel/net/802/stp.ko: kernel/net/llc/llc.ko
kernel/net/bridge/bridge.ko: kernel/net/802/stp.ko kernel/net/llc/llc.ko
kernel/drivers/virtio/virtio_mmio.ko:
kernel/drivers/net/virtio_net.ko:
kernel/crypto/ccm.ko:
kernel/crypto/ctr.ko:
kernel/crypto/cmac.ko:
kernel/fs/nfs/nfs.ko:
kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko
`

// testModulesTree writes testModulesDep and a file for each module it names.
func testModulesTree(t *testing.T) (string, *modload.Index) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("modules.dep", testModulesDep)
	for _, line := range strings.Split(strings.TrimSpace(testModulesDep), "\n") {
		ko, _, _ := strings.Cut(line, ":")
		write(ko, "module "+ko)
	}
	ix, err := modload.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, ix
}

// nicModules are the boards' NIC drivers.
var nicModules = map[string][]string{"virt": {"virtio_mmio", "virtio_net"}, "raspi1ap": {"cdc_ether"}}

func TestAPModules(t *testing.T) {
	tests := []struct {
		name  string
		ap    AccessPoint
		board string
		want  []string
	}{
		{name: "open on virt", ap: AccessPoint{SSID: "x"}, board: "virt",
			want: []string{"mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net"}},
		{name: "wpa2 on raspi1ap", ap: AccessPoint{SSID: "x", Passphrase: "12345678"}, board: "raspi1ap",
			want: []string{"mac80211_hwsim", "bridge", "cdc_ether", "ccm", "ctr"}},
		{name: "PMF", ap: AccessPoint{SSID: "x", Passphrase: "12345678", PMF: 2}, board: "virt",
			want: []string{"mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net", "ccm", "ctr", "cmac"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := WiFiBed{AP: tt.ap, NICModules: nicModules[tt.board]}
			if diff := cmp.Diff(tt.want, w.modules()); diff != "" {
				t.Errorf("apModules() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAPModuleFiles(t *testing.T) {
	_, ix := testModulesTree(t)
	dep, extra, err := apModuleFiles(ix,
		[]string{"mac80211_hwsim", "bridge", "virtio_net", "ccm"},
		[]string{"mac80211_hwsim", "ccm", "nfsv3"})
	if err != nil {
		t.Fatal(err)
	}
	wantDep := `kernel/net/rfkill/rfkill.ko:
kernel/net/wireless/cfg80211.ko: kernel/net/rfkill/rfkill.ko
kernel/net/mac80211/mac80211.ko: kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko
kernel/drivers/net/wireless/mac80211_hwsim.ko: kernel/net/mac80211/mac80211.ko kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko
kernel/net/llc/llc.ko:
kernel/net/802/stp.ko: kernel/net/llc/llc.ko
kernel/net/bridge/bridge.ko: kernel/net/802/stp.ko kernel/net/llc/llc.ko
kernel/drivers/net/virtio_net.ko:
kernel/crypto/ccm.ko:
`
	if diff := cmp.Diff(wantDep, dep); diff != "" {
		t.Errorf("dep (-want +got):\n%s", diff)
	}
	wantExtra := []string{"kernel/net/llc/llc.ko", "kernel/net/802/stp.ko", "kernel/net/bridge/bridge.ko", "kernel/drivers/net/virtio_net.ko"}
	if diff := cmp.Diff(wantExtra, extra); diff != "" {
		t.Errorf("extra (-want +got):\n%s", diff)
	}
	// The dep file is one modload reads back to the same closure.
	again, err := modload.Open(fstest.MapFS{"modules.dep": {Data: []byte(dep)}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := again.Closure("bridge")
	if err != nil || len(c) != 3 || c[2].Name != "bridge" {
		t.Errorf("Closure(bridge) from the written dep = %+v, %v", c, err)
	}
	if _, _, err := apModuleFiles(ix, []string{"nosuch"}, nil); err == nil || !strings.Contains(err.Error(), "access point's modules") {
		t.Errorf("apModuleFiles(unknown module) error = %v", err)
	}
}

func TestFixtureConfigFor(t *testing.T) {
	w := WiFiBed{AP: AccessPoint{SSID: "net", Passphrase: "12345678", Channel: 3}, NIC: "usb0", NICModules: nicModules["raspi1ap"]}
	got := w.FixtureConfig()
	if err := got.Validate(); err != nil {
		t.Fatalf("FixtureConfig() is not valid: %v", err)
	}
	want := guestproto.FixtureConfig{
		Modules:      []string{"mac80211_hwsim", "bridge", "cdc_ether", "ccm", "ctr"},
		ModuleParams: map[string][]string{"mac80211_hwsim": {"radios=2"}},
		ModulesDep:   fixtureModulesDep, NIC: "usb0", APInterface: "wlan1", Bridge: "br0",
		Hostapd: "/usr/sbin/hostapd", HostapdConf: hostapdConfPath, HostapdCtrl: "/dev/hostapd/wlan1",
		SSID: "net", Channel: 3, RandomSeed: fixtureRandomSeed, Init: "/init", TimeoutSeconds: fixtureTimeout,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FixtureConfig() (-want +got):\n%s", diff)
	}
}

// TestWiFiFilesHoldWhatTheFixtureReads: every file the fixture's configuration names
// must be in the records, with the access point's modules and not the station's.
func TestWiFiFilesHoldWhatTheFixtureReads(t *testing.T) {
	mods, ix := testModulesTree(t)
	bed := WiFiBed{AP: AccessPoint{SSID: "airroot-e2e", Passphrase: "12345678"}, NIC: "eth0", NICModules: nicModules["virt"]}
	files := testWiFiFiles(t, mods, ix)
	records, err := files.Records(bed, []string{"mac80211_hwsim", "cfg80211", "mac80211", "ccm", "ctr", "nfs", "nfsv3"})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]cpio.Record{}
	for _, r := range records {
		have["/"+strings.TrimPrefix(r.Name, "/")] = r
	}
	cfgRecord, ok := have[guestproto.FixtureConfigPath]
	if !ok {
		t.Fatalf("records lack the fixture's configuration %s", guestproto.FixtureConfigPath)
	}
	data := make([]byte, cfgRecord.FileSize)
	if _, err := cfgRecord.ReadAt(data, 0); err != nil {
		t.Fatal(err)
	}
	cfg, err := guestproto.ParseFixtureConfig(data)
	if err != nil {
		t.Fatalf("the fixture would refuse its configuration: %v", err)
	}
	for _, path := range []string{guestproto.FixturePath, cfg.ModulesDep, cfg.HostapdConf, cfg.RandomSeed, cfg.Hostapd} {
		if _, ok := have[path]; !ok {
			t.Errorf("the fixture reads %s, which the records lack", path)
		}
	}
	for _, m := range []string{"net/bridge/bridge", "drivers/virtio/virtio_mmio", "drivers/net/virtio_net"} {
		if _, ok := have["/lib/modules/r/kernel/"+m+".ko"]; !ok {
			t.Errorf("records lack the access point's module %s", m)
		}
	}
	if _, ok := have["/lib/modules/r/kernel/fs/nfs/nfs.ko"]; ok {
		t.Errorf("records carry nfs, a station module")
	}
	if n, err := files.Retained(bed); err != nil || n != 7 {
		t.Errorf("Retained() = %d, %v; want hostapd's 7 bytes", n, err)
	}
	bed.AP.DHCP = &DHCPServer{LeaseSeconds: 20}
	if n, err := files.Retained(bed); err != nil || n != 7+int64(len("fixture binary")) {
		t.Errorf("Retained() of a routed access point = %d, %v; want hostapd and the fixture", n, err)
	}
}

// testWiFiFiles are the files of a test bed with a fake fixture and hostapd.
func testWiFiFiles(t *testing.T, mods string, ix *modload.Index) WiFiFiles {
	t.Helper()
	fixture := filepath.Join(t.TempDir(), "fixture")
	hostapdRoot := t.TempDir()
	hostapd := filepath.Join(hostapdRoot, "usr", "sbin", "hostapd")
	if err := os.MkdirAll(filepath.Dir(hostapd), 0o755); err != nil {
		t.Fatal(err)
	}
	for path, data := range map[string]string{fixture: "fixture binary", hostapd: "hostapd"} {
		if err := os.WriteFile(path, []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := WiFiFiles{
		Fixture: fixture, Modules: ix, ModulesDir: mods, Release: "r",
		Hostapd: artifact.Userland{Sysroot: hostapdRoot, Files: []artifact.SysrootFile{{Path: "usr/sbin/hostapd", Size: 7}}, RunningBytes: 7},
	}
	return files
}

// recordText is the content of the record at path in records.
func recordText(t *testing.T, records []cpio.Record, path string) string {
	t.Helper()
	for _, r := range records {
		if "/"+strings.TrimPrefix(r.Name, "/") == path {
			data := make([]byte, r.FileSize)
			if _, err := r.ReadAt(data, 0); err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("records lack %s", path)
	return ""
}

// TestWiFiBedAttackerAndFirstNetwork: the attacker's radio is a third radio made a
// monitor; a first network is served from hostapd.conf, the real one waits beside it.
func TestWiFiBedAttackerAndFirstNetwork(t *testing.T) {
	genuine := AccessPoint{SSID: "net", Passphrase: "12345678"}
	bed := WiFiBed{AP: genuine, NIC: "eth0", NICModules: nicModules["virt"], Monitor: true,
		First: &FirstNetwork{AP: AccessPoint{SSID: "net"}, Seconds: 20}}
	cfg := bed.FixtureConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("FixtureConfig() is not valid: %v", err)
	}
	got := []any{cfg.ModuleParams["mac80211_hwsim"], cfg.Monitor, *cfg.Later, cfg.Modules}
	want := []any{[]string{"radios=3"}, "wlan2", guestproto.FixtureLater{AfterSeconds: 20, HostapdConf: hostapdLaterConfPath},
		[]string{"mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net", "ccm", "ctr"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FixtureConfig() radios, monitor, later, modules (-want +got):\n%s", diff)
	}
	mods, ix := testModulesTree(t)
	records, err := testWiFiFiles(t, mods, ix).Records(bed, []string{"mac80211_hwsim", "cfg80211", "mac80211", "ccm", "ctr"})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordText(t, records, cfg.HostapdConf); got != HostapdConf(bed.First.AP) {
		t.Errorf("%s is\n%s\nwant the first network's", cfg.HostapdConf, got)
	}
	if got := recordText(t, records, cfg.Later.HostapdConf); got != HostapdConf(genuine) {
		t.Errorf("%s is\n%s\nwant the real network's", cfg.Later.HostapdConf, got)
	}
}

// TestWiFiBedRestartable: a restartable access point's fixture gets the FIFO, the time
// down and the files to copy (hostapd's running set and its configuration), and the
// fixture's size counts as retained (its child owns hostapd after the switch).
func TestWiFiBedRestartable(t *testing.T) {
	mods, ix := testModulesTree(t)
	files := testWiFiFiles(t, mods, ix)
	files.Hostapd.Running = []artifact.SysrootFile{{Path: "usr/sbin/hostapd", Size: 7}, {Path: "lib/ld-linux-armhf.so.3", Link: "x"}}
	plain := WiFiBed{AP: AccessPoint{SSID: "net", Passphrase: "12345678", PMF: 2}, NIC: "eth0", NICModules: nicModules["virt"]}
	bed := plain
	bed.RestartDownSeconds = 5
	records, err := files.Records(bed, []string{"mac80211_hwsim"})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := guestproto.ParseFixtureConfig([]byte(recordText(t, records, guestproto.FixtureConfigPath)))
	if err != nil {
		t.Fatal(err)
	}
	want := &guestproto.FixtureRestart{Control: APRestartControl, DownSeconds: 5,
		Files: []string{hostapdConfPath, "/usr/sbin/hostapd", "/lib/ld-linux-armhf.so.3"}}
	if diff := cmp.Diff(want, cfg.Restart); diff != "" {
		t.Errorf("fixture's restart (-want +got):\n%s", diff)
	}
	if plain.FixtureConfig().Restart != nil {
		t.Error("a plain bed's fixture has a restart")
	}
	withOwner, err1 := files.Retained(bed)
	without, err2 := files.Retained(plain)
	if err1 != nil || err2 != nil || withOwner != without+int64(len("fixture binary")) {
		t.Errorf("Retained() = %d with the owner, %d without (%v, %v); want the fixture's size more", withOwner, without, err1, err2)
	}
}

// TestWiFiBedSecondAPAndNewChannel: a second access point is a third radio with a
// hostapd.conf of its own on its channel; a restart on another channel has the
// owner copy and use a hostapd.conf on that channel.
func TestWiFiBedSecondAPAndNewChannel(t *testing.T) {
	ap := AccessPoint{SSID: "net", Passphrase: "12345678"}
	tests := []struct {
		name     string
		bed      WiFiBed
		radios   string
		conf     func(guestproto.FixtureConfig) string
		wantConf string
	}{
		{name: "second access point", bed: WiFiBed{AP: ap, NIC: "eth0", SecondChannel: 1}, radios: "radios=3",
			conf:     func(c guestproto.FixtureConfig) string { return c.SecondAP.HostapdConf },
			wantConf: hostapdConfOn(AccessPoint{SSID: "net", Passphrase: "12345678", Channel: 1}, SecondAPInterface)},
		{name: "restart on another channel", bed: WiFiBed{AP: ap, NIC: "eth0", RestartDownSeconds: 30, RestartChannel: 11}, radios: "radios=2",
			conf:     func(c guestproto.FixtureConfig) string { return c.Restart.HostapdConf },
			wantConf: HostapdConf(AccessPoint{SSID: "net", Passphrase: "12345678", Channel: 11})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.bed.FixtureConfig()
			if err := cfg.Validate(); err != nil {
				t.Fatalf("FixtureConfig() is not valid: %v", err)
			}
			if got := cfg.ModuleParams["mac80211_hwsim"]; len(got) != 1 || got[0] != tt.radios {
				t.Errorf("radios %q, want %s", got, tt.radios)
			}
			mods, ix := testModulesTree(t)
			records, err := testWiFiFiles(t, mods, ix).Records(tt.bed, []string{"mac80211_hwsim", "cfg80211", "mac80211", "ccm", "ctr"})
			if err != nil {
				t.Fatal(err)
			}
			if got := recordText(t, records, tt.conf(cfg)); got != tt.wantConf {
				t.Errorf("%s is\n%s\nwant\n%s", tt.conf(cfg), got, tt.wantConf)
			}
			if cfg.Restart != nil && !slices.Contains(cfg.Restart.Files, cfg.Restart.HostapdConf) {
				t.Errorf("the owner copies %q, not the new configuration %s", cfg.Restart.Files, cfg.Restart.HostapdConf)
			}
		})
	}
}
