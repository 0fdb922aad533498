package harness

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/init/layout"
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

func TestAirrootModules(t *testing.T) {
	virt := Boards["virt"]
	type mods struct{ Load, Include []string }
	load, include := airrootModules(Scenario{}, virt)
	if diff := cmp.Diff(mods{Load: []string{"virtio_mmio", "virtio_net", "nfs", "nfsv3"}}, mods{load, include}); diff != "" {
		t.Errorf("airrootModules(ethernet) (-want +got):\n%s", diff)
	}
	wifi := Scenario{AccessPoint: &AccessPoint{SSID: "x"}, Station: &Station{Modules: []string{"cmac"}}}
	load, include = airrootModules(wifi, virt)
	want := mods{Load: []string{"mac80211_hwsim", "cfg80211", "mac80211", "ccm", "ctr", "cmac", "nfs", "nfsv3"}}
	if diff := cmp.Diff(want, mods{load, include}); diff != "" {
		t.Errorf("airrootModules(wifi) (-want +got):\n%s", diff)
	}
	auto := virtWiFiAutoload()
	load, include = airrootModules(auto, virt)
	if diff := cmp.Diff(mods{Load: []string{"mac80211_hwsim"}, Include: virtAutoloadInclude}, mods{load, include}); diff != "" {
		t.Errorf("airrootModules(autoload) (-want +got):\n%s", diff)
	}
	if got := apModules(auto, virt); !cmp.Equal(got, []string{"mac80211_hwsim"}) {
		t.Errorf("apModules(autoload) = %q, want the radios only", got)
	}
	if cfg := FixtureConfigFor(auto, virt); cfg.ModprobeHelper != "/init" || !cfg.NICLater {
		t.Errorf("fixture configuration for autoload: modprobe helper %q, NIC later %v; want /init, true", cfg.ModprobeHelper, cfg.NICLater)
	}
	if WiFiStationModules[0] != "mac80211_hwsim" || len(WiFiStationModules) != 5 {
		t.Errorf("airrootModules changed WiFiStationModules: %q", WiFiStationModules)
	}
}

func TestAPModules(t *testing.T) {
	tests := []struct {
		name  string
		ap    AccessPoint
		board string
		want  []string
	}{
		{name: "open on virt", ap: AccessPoint{SSID: "x"}, board: "virt",
			want: []string{"mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net"}},
		{name: "wpa2 on raspi1ap", ap: wpa2Network, board: "raspi1ap",
			want: []string{"mac80211_hwsim", "bridge", "cdc_ether", "ccm", "ctr"}},
		{name: "PMF", ap: AccessPoint{SSID: "x", Passphrase: "12345678", PMF: 2}, board: "virt",
			want: []string{"mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net", "ccm", "ctr", "cmac"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Scenario{AccessPoint: &tt.ap}
			if diff := cmp.Diff(tt.want, apModules(s, Boards[tt.board])); diff != "" {
				t.Errorf("apModules() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAPModuleFiles(t *testing.T) {
	_, ix := testModulesTree(t)
	dep, extra, err := APModuleFiles(ix,
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
	if _, _, err := APModuleFiles(ix, []string{"nosuch"}, nil); err == nil || !strings.Contains(err.Error(), "access point's modules") {
		t.Errorf("APModuleFiles(unknown module) error = %v", err)
	}
}

func TestFixtureConfigFor(t *testing.T) {
	s := Scenario{AccessPoint: &AccessPoint{SSID: "net", Passphrase: "12345678", Channel: 3}, Station: &Station{}}
	got := FixtureConfigFor(s, Boards["raspi1ap"])
	if err := got.Validate(); err != nil {
		t.Fatalf("FixtureConfigFor() is not valid: %v", err)
	}
	want := guestproto.FixtureConfig{
		Modules:      []string{"mac80211_hwsim", "bridge", "cdc_ether", "ccm", "ctr"},
		ModuleParams: map[string][]string{"mac80211_hwsim": {"radios=2"}},
		ModulesDep:   FixtureModulesDep, NIC: "usb0", APInterface: "wlan1", Bridge: "br0",
		Hostapd: "/usr/sbin/hostapd", HostapdConf: HostapdConfPath, HostapdCtrl: "/dev/hostapd/wlan1",
		SSID: "net", Channel: 3, RandomSeed: FixtureRandomSeed, Init: "/init", TimeoutSeconds: fixtureTimeout,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FixtureConfigFor() (-want +got):\n%s", diff)
	}
}

func TestWiFiParts(t *testing.T) {
	modulesDir, ix := testModulesTree(t)
	sysroot := writeSysroot(t, armhfSysroot())
	u, err := resolveUserland(sysroot, "armhf")
	if err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join(t.TempDir(), "fixture")
	if err := os.WriteFile(fixture, []byte("fixture elf"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := Scenario{Name: "virt-wifi-x", Board: "virt", AccessPoint: copyOf(wpa2Network),
		Station: stationConfig(testSSID, testPassphrase), Timeout: time.Minute}
	for _, flag := range []bool{false, true} {
		t.Run(map[bool]string{false: "config in the test archive", true: "config for --wifi-config"}[flag], func(t *testing.T) {
			e := &Env{Fixture: fixture, WiFiConfigFlag: flag,
				Userland:      map[string]Userland{"armhf": u},
				ModuleIndexes: map[string]*modload.Index{"virt": ix}}
			work := t.TempDir()
			p, err := e.wifiParts(s, Boards["virt"], KernelFiles{ModulesDir: modulesDir}, work)
			if err != nil {
				t.Fatal(err)
			}
			got := recordNames(p.records)
			want := []string{
				"/e2e/fixture-modules.dep", "/e2e/fixture.json", "/e2e/hostapd.conf", "/e2e/random-seed", "/fixture",
				"/lib/arm-linux-gnueabihf/ld-linux-armhf.so.3", "/lib/arm-linux-gnueabihf/libc.so.6",
				"/lib/arm-linux-gnueabihf/libnl-3.so.200", "/lib/arm-linux-gnueabihf/libnl-3.so.200.26.0",
				"/lib/ld-linux-armhf.so.3",
				"/lib/modules/6.1.0-50-armmp/kernel/drivers/net/virtio_net.ko",
				"/lib/modules/6.1.0-50-armmp/kernel/drivers/virtio/virtio_mmio.ko",
				"/lib/modules/6.1.0-50-armmp/kernel/net/802/stp.ko",
				"/lib/modules/6.1.0-50-armmp/kernel/net/bridge/bridge.ko",
				"/lib/modules/6.1.0-50-armmp/kernel/net/llc/llc.ko",
				"/usr/lib/arm-linux-gnueabihf/libcrypto.so.3", "/usr/lib/arm-linux-gnueabihf/libssl.so.3",
				"/usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3",
				"/usr/sbin/hostapd", "/usr/sbin/hostapd_cli",
			}
			if !flag {
				want = append(want, layout.WiFiConfig.Path)
				sort.Strings(want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if p.retained != u.RunningBytes || p.retained == 0 {
				t.Errorf("retained = %d, want hostapd's %d", p.retained, u.RunningBytes)
			}
			var cfg guestproto.FixtureConfig
			if err := json.Unmarshal(recordData(t, p.records, "/e2e/fixture.json"), &cfg); err != nil || cfg.SSID != testSSID {
				t.Errorf("fixture.json = %+v, %v", cfg, err)
			}
			if got := string(recordData(t, p.records, "/e2e/hostapd.conf")); got != HostapdConf(wpa2Network) {
				t.Errorf("hostapd.conf = %q", got)
			}
			station := s.Station.Config
			if flag {
				if p.wifiConfig != filepath.Join(work, "wpa_supplicant.conf") {
					t.Fatalf("wifiConfig = %q", p.wifiConfig)
				}
				data, err := os.ReadFile(p.wifiConfig)
				if err != nil || string(data) != station {
					t.Errorf("--wifi-config file = %q, %v; want %q", data, err, station)
				}
			} else if got := string(recordData(t, p.records, layout.WiFiConfig.Path)); got != station || p.wifiConfig != "" {
				t.Errorf("%s = %q (wifiConfig %q), want %q", layout.WiFiConfig.Path, got, p.wifiConfig, station)
			}
		})
	}
	if _, err := (&Env{}).wifiParts(s, Boards["virt"], KernelFiles{}, t.TempDir()); err == nil {
		t.Error("wifiParts without set up succeeded")
	}
}

func recordNames(records []cpio.Record) []string {
	var names []string
	for _, r := range records {
		names = append(names, r.Name)
	}
	sort.Strings(names)
	return names
}

func recordData(t *testing.T, records []cpio.Record, name string) []byte {
	t.Helper()
	for _, r := range records {
		if r.Name == name {
			b := make([]byte, r.FileSize)
			if _, err := r.ReadAt(b, 0); err != nil && r.FileSize > 0 {
				t.Fatalf("read record %s: %v", name, err)
			}
			return b
		}
	}
	t.Fatalf("no record %s", name)
	return nil
}

// writeSysroot writes a MapFS sysroot, symbolic links included, into a folder.
func writeSysroot(t *testing.T, files fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if f.Mode&fs.ModeSymlink != 0 {
			err = os.Symlink(string(f.Data), p)
		} else {
			err = os.WriteFile(p, f.Data, f.Mode.Perm())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
