package bench

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/harness"
	"github.com/airroot/airroot/modload"
	"github.com/u-root/u-root/pkg/cpio"
)

// fakeModulesTree writes a modules tree with modules.dep for names, each without
// dependencies, and returns its folder.
func fakeModulesTree(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	var dep strings.Builder
	for _, n := range names {
		p := "kernel/" + n + ".ko"
		dep.WriteString(p + ":\n")
		writeFile(t, filepath.Join(dir, filepath.FromSlash(p)), "module "+n)
	}
	writeFile(t, filepath.Join(dir, "modules.dep"), dep.String())
	return dir
}

func wifiScenario(t *testing.T, board string) harness.Scenario {
	t.Helper()
	for _, s := range harness.Scenarios {
		if s.Name == board+"-wifi-wpa2" {
			return s
		}
	}
	t.Fatalf("no %s-wifi-wpa2 scenario in the e2e harness", board)
	return harness.Scenario{}
}

// TestAccessPointRecordsHoldWhatTheFixtureReads guards against drift from the e2e
// harness: every file the fixture's configuration names must be in the records.
func TestAccessPointRecordsHoldWhatTheFixtureReads(t *testing.T) {
	b := harness.Boards["virt"]
	s := wifiScenario(t, "virt")
	mods := fakeModulesTree(t, "mac80211_hwsim", "bridge", "virtio_mmio", "virtio_net", "ccm", "ctr", "cfg80211", "mac80211", "nfs", "nfsv3")
	ix, err := modload.OpenDir(mods)
	if err != nil {
		t.Fatal(err)
	}
	fixture := filepath.Join(t.TempDir(), "fixture")
	writeFile(t, fixture, "fixture binary")
	hostapdRoot := t.TempDir()
	writeFile(t, filepath.Join(hostapdRoot, "usr", "sbin", "hostapd"), "hostapd")
	p := AccessPointParts{
		Fixture: fixture, Index: ix, Modules: harness.KernelFiles{ModulesDir: mods},
		Hostapd: harness.Userland{Sysroot: hostapdRoot, Files: []harness.SysrootFile{{Path: "usr/sbin/hostapd", Size: 7}}},
	}
	records, err := p.Records(s, b)
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
	// The access point's own modules go in; the station's come with its own archive.
	for _, m := range []string{"bridge", "virtio_mmio", "virtio_net"} {
		if _, ok := have["/lib/modules/"+b.Kernel.Release+"/kernel/"+m+".ko"]; !ok {
			t.Errorf("records lack the access point's module %s", m)
		}
	}
	if _, ok := have["/lib/modules/"+b.Kernel.Release+"/kernel/nfs.ko"]; ok {
		t.Errorf("records carry nfs, a station module")
	}
}

func TestStationModules(t *testing.T) {
	b := harness.Boards["raspi1ap"]
	wired := StationModules(harness.Scenario{Name: "x"}, b)
	if strings.Join(wired, ",") != "cdc_ether,nfs,nfsv3" {
		t.Errorf("wired modules = %v, want the NIC's driver then NFS", wired)
	}
	wifi := StationModules(wifiScenario(t, "raspi1ap"), b)
	if !strings.HasPrefix(strings.Join(wifi, ","), strings.Join(harness.WiFiStationModules, ",")) || strings.Contains(strings.Join(wifi, ","), "cdc_ether") {
		t.Errorf("Wi-Fi modules = %v, want the radio's stack, no NIC driver", wifi)
	}
}
