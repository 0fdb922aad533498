package scenario

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
	"github.com/u-root/u-root/pkg/cpio"
)

func TestAirrootModules(t *testing.T) {
	virt := machine.Boards["virt"]
	type mods struct{ Load, Include []string }
	load, include := airrootModules(Scenario{Network: Ethernet{}}, virt)
	if diff := cmp.Diff(mods{Load: []string{"virtio_mmio", "virtio_net", "nfs", "nfsv3"}}, mods{load, include}); diff != "" {
		t.Errorf("airrootModules(ethernet) (-want +got):\n%s", diff)
	}
	wifi := Scenario{Network: WiFi{AP: testbed.AccessPoint{SSID: "x"}, Station: Station{Modules: []string{"cmac"}}}}
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
	bed, _ := auto.WiFiBed(virt)
	if cfg := bed.FixtureConfig(); !cmp.Equal(cfg.Modules, []string{"mac80211_hwsim"}) || cfg.ModprobeHelper != "/init" || !cfg.NICLater {
		t.Errorf("fixture configuration for autoload: modules %q, modprobe helper %q, NIC later %v; want the radios only, /init, true",
			cfg.Modules, cfg.ModprobeHelper, cfg.NICLater)
	}
	if wifiStationModules[0] != "mac80211_hwsim" || len(wifiStationModules) != 5 {
		t.Errorf("airrootModules changed wifiStationModules: %q", wifiStationModules)
	}
}

func TestStationModules(t *testing.T) {
	b := machine.Boards["raspi1ap"]
	if wired := (Scenario{Network: Ethernet{}}).StationModules(b); strings.Join(wired, ",") != "cdc_ether,nfs,nfsv3" {
		t.Errorf("wired modules = %v, want the NIC's driver then NFS", wired)
	}
	wifi := Scenario{Network: wpa2}.StationModules(b)
	if !strings.HasPrefix(strings.Join(wifi, ","), strings.Join(wifiStationModules, ",")) || strings.Contains(strings.Join(wifi, ","), "cdc_ether") {
		t.Errorf("Wi-Fi modules = %v, want the radio's stack, no NIC driver", wifi)
	}
}

// testModules writes a modules tree of modules without dependencies, each a file.
func testModules(t *testing.T, paths ...string) (string, *modload.Index) {
	t.Helper()
	dir := t.TempDir()
	var dep strings.Builder
	for _, p := range paths {
		dep.WriteString(p + ":\n")
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("module "+p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "modules.dep"), []byte(dep.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := modload.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, ix
}

func TestWiFiParts(t *testing.T) {
	modulesDir, ix := testModules(t, "kernel/mac80211_hwsim.ko", "kernel/cfg80211.ko", "kernel/mac80211.ko", "kernel/ccm.ko",
		"kernel/ctr.ko", "kernel/bridge.ko", "kernel/virtio_mmio.ko", "kernel/virtio_net.ko", "kernel/nfs.ko", "kernel/nfsv3.ko")
	sysroot := t.TempDir()
	if err := os.MkdirAll(filepath.Join(sysroot, "usr", "sbin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sysroot, "usr", "sbin", "hostapd"), []byte("hostapd"), 0o755); err != nil {
		t.Fatal(err)
	}
	u := artifact.Userland{Sysroot: sysroot, Files: []artifact.SysrootFile{{Path: "usr/sbin/hostapd", Size: 7}}, RunningBytes: 7}
	fixture := filepath.Join(t.TempDir(), "fixture")
	if err := os.WriteFile(fixture, []byte("fixture elf"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := Scenario{Name: "virt-wifi-x", Board: "virt", Network: wpa2, Timeout: time.Minute}
	virt := machine.Boards["virt"]
	bed, _ := s.WiFiBed(virt)
	for _, flag := range []bool{false, true} {
		t.Run(map[bool]string{false: "config in the test archive", true: "config for --wifi-config"}[flag], func(t *testing.T) {
			e := &Env{Fixture: fixture, WiFiConfigFlag: flag,
				Userland:      map[string]artifact.Userland{"armhf": u},
				ModuleIndexes: map[string]*modload.Index{"virt": ix}}
			work := t.TempDir()
			p, err := e.wifiParts(s, bed, virt, artifact.KernelFiles{ModulesDir: modulesDir}, work)
			if err != nil {
				t.Fatal(err)
			}
			got := recordNames(p.records)
			want := []string{
				"/e2e/fixture-modules.dep", "/e2e/fixture.json", "/e2e/hostapd.conf", "/e2e/random-seed", "/fixture",
				"/lib/modules/6.1.0-50-armmp/kernel/bridge.ko",
				"/lib/modules/6.1.0-50-armmp/kernel/virtio_mmio.ko",
				"/lib/modules/6.1.0-50-armmp/kernel/virtio_net.ko",
				"/usr/sbin/hostapd",
			}
			if !flag {
				want = append(want, layout.WiFiConfig.Path)
				sort.Strings(want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if p.retained != u.RunningBytes {
				t.Errorf("retained = %d, want hostapd's %d", p.retained, u.RunningBytes)
			}
			var cfg guestproto.FixtureConfig
			if err := json.Unmarshal(testutil.RecordData(t, p.records, "/e2e/fixture.json"), &cfg); err != nil || cfg.SSID != testSSID {
				t.Errorf("fixture.json = %+v, %v", cfg, err)
			}
			if got := string(testutil.RecordData(t, p.records, "/e2e/hostapd.conf")); got != testbed.HostapdConf(wpa2.AP) {
				t.Errorf("hostapd.conf = %q", got)
			}
			station := wpa2.Station.Config
			if flag {
				if p.wifiConfig != filepath.Join(work, "wpa_supplicant.conf") {
					t.Fatalf("wifiConfig = %q", p.wifiConfig)
				}
				data, err := os.ReadFile(p.wifiConfig)
				if err != nil || string(data) != station {
					t.Errorf("--wifi-config file = %q, %v; want %q", data, err, station)
				}
			} else if got := string(testutil.RecordData(t, p.records, layout.WiFiConfig.Path)); got != station || p.wifiConfig != "" {
				t.Errorf("%s = %q (wifiConfig %q), want %q", layout.WiFiConfig.Path, got, p.wifiConfig, station)
			}
		})
	}
	if _, err := (&Env{}).wifiParts(s, bed, virt, artifact.KernelFiles{}, t.TempDir()); err == nil {
		t.Error("wifiParts without set up succeeded")
	}
	e := &Env{Fixture: fixture, Userland: map[string]artifact.Userland{"armhf": u}, ModuleIndexes: map[string]*modload.Index{"virt": ix}}
	withDnsmasq := dnsmasqRoot("virt", time.Minute)
	bed, _ = withDnsmasq.WiFiBed(virt)
	if _, err := e.wifiParts(withDnsmasq, bed, virt, artifact.KernelFiles{ModulesDir: modulesDir}, t.TempDir()); err == nil ||
		!strings.Contains(err.Error(), "fetched no dnsmasq for armhf") {
		t.Errorf("wifiParts with dnsmasq not fetched = %v, want an error naming it", err)
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
