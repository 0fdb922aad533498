package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/modload"
	"github.com/u-root/u-root/pkg/cpio"
)

// Station is what airroot is given to join a Wi-Fi scenario's access point.
type Station struct {
	// Config is the wpa_supplicant.conf text airroot reads.
	Config string
	// Modules are more modules for airroot's initramfs (cmac for PMF).
	Modules []string
}

// WiFiStationModules are airroot's modules in Wi-Fi scenarios, before NFSModules: the
// radio's driver and CCMP's ccm and ctr (aes and cbc are built in). The wired NIC's
// driver is not among them: the NIC belongs to the access point.
var WiFiStationModules = []string{"mac80211_hwsim", "cfg80211", "mac80211", "ccm", "ctr"}

const (
	// FixtureModulesDep is the fixture's modules.dep in the initramfs.
	FixtureModulesDep = "/e2e/fixture-modules.dep"
	// FixtureRandomSeed holds random bytes the fixture credits to the kernel's pool.
	FixtureRandomSeed = "/e2e/random-seed"
	// fixtureTimeout bounds the fixture's waits (the NIC, hostapd).
	fixtureTimeout = 60
)

// apModules are the modules the fixture loads for ap on b: the radios, the bridge, the
// NIC's driver and the ciphers hostapd installs keys for (mac80211 would ask for them
// through a modprobe the initramfs lacks).
//
// In an Autoload scenario the fixture loads the radios alone: the kernel's requests
// (the bridge, the ciphers) go to /init as its modprobe helper, and the NIC's driver
// comes by modalias once airroot runs.
func apModules(s Scenario, b Board) []string {
	if s.Autoload != nil {
		return []string{"mac80211_hwsim"}
	}
	ap := *s.AccessPoint
	mods := append([]string{"mac80211_hwsim", "bridge"}, b.Modules...)
	if ap.Passphrase != "" {
		mods = append(mods, "ccm", "ctr")
	}
	if ap.PMF > 0 {
		mods = append(mods, "cmac")
	}
	return mods
}

// FixtureConfigFor is the fixture's configuration for s on b.
func FixtureConfigFor(s Scenario, b Board) guestproto.FixtureConfig {
	bridge := APBridge
	if s.AccessPoint.DHCP != nil {
		bridge = ""
	}
	cfg := guestproto.FixtureConfig{
		Modules:        apModules(s, b),
		ModuleParams:   map[string][]string{"mac80211_hwsim": {"radios=2"}},
		ModulesDep:     FixtureModulesDep,
		NIC:            b.NIC,
		APInterface:    APInterface,
		Bridge:         bridge,
		DHCP:           fixtureDHCP(s.AccessPoint.DHCP),
		Hostapd:        Hostapd,
		HostapdConf:    HostapdConfPath,
		HostapdCtrl:    HostapdCtrl,
		SSID:           s.AccessPoint.SSID,
		Channel:        s.AccessPoint.ChannelOrDefault(),
		RandomSeed:     FixtureRandomSeed,
		Init:           "/init",
		TimeoutSeconds: fixtureTimeout,
	}
	if s.Autoload != nil {
		cfg.ModprobeHelper, cfg.NICLater = "/init", true
	}
	return cfg
}

// APModuleFiles returns a modules.dep for the closure of the modules ap (paths relative
// to the modules tree, each module's dependencies nearest first, as depmod writes them)
// and the files of that closure that the closure of station, airroot's modules, lacks:
// the test archive adds those.
func APModuleFiles(ix *modload.Index, ap, station []string) (dep string, extra []string, err error) {
	apClosure, err := ix.Closure(ap...)
	if err != nil {
		return "", nil, fmt.Errorf("access point's modules: %w", err)
	}
	stationClosure, err := ix.Closure(station...)
	if err != nil {
		return "", nil, fmt.Errorf("airroot's modules: %w", err)
	}
	inStation := map[string]bool{}
	for _, m := range stationClosure {
		inStation[m.Path] = true
	}
	var b strings.Builder
	for _, m := range apClosure {
		if m.Builtin {
			continue
		}
		own, err := ix.Closure(m.Name)
		if err != nil {
			return "", nil, fmt.Errorf("access point's modules: %w", err)
		}
		b.WriteString(m.Path + ":")
		for i := len(own) - 2; i >= 0; i-- { // the module itself is last; depmod lists deps nearest first
			if !own[i].Builtin {
				b.WriteString(" " + own[i].Path)
			}
		}
		b.WriteString("\n")
		if !inStation[m.Path] {
			extra = append(extra, m.Path)
		}
	}
	return b.String(), extra, nil
}

// wifiParts is what a Wi-Fi scenario adds to a boot.
type wifiParts struct {
	records []cpio.Record
	// retained is what stays in RAM after the switch: hostapd and its libraries.
	retained int64
	// wifiConfig is the station's configuration file for airroot build --wifi-config;
	// "" when it is among records.
	wifiConfig string
}

// wifiParts builds the fixture's files, the access point's modules and userland, and
// the station's configuration for s on b.
func (e *Env) wifiParts(s Scenario, b Board, k KernelFiles, work string) (wifiParts, error) {
	u, ok := e.Userland[b.Kernel.Arch]
	ix := e.ModuleIndexes[b.Name]
	if !ok || ix == nil || e.Fixture == "" {
		return wifiParts{}, fmt.Errorf("wi-fi scenario %s: set up fetched no hostapd for %s, indexed no modules for %s or built no fixture", s.Name, b.Kernel.Arch, b.Name)
	}
	fixtureCfg, err := json.MarshalIndent(FixtureConfigFor(s, b), "", "  ")
	if err != nil {
		return wifiParts{}, fmt.Errorf("encode fixture configuration: %w", err)
	}
	dep, extraModules, err := APModuleFiles(ix, apModules(s, b), airrootModuleNames(ix, s, b))
	if err != nil {
		return wifiParts{}, err
	}
	fixture, err := os.ReadFile(e.Fixture)
	if err != nil {
		return wifiParts{}, fmt.Errorf("add fixture: %w", err)
	}
	retained := u.RunningBytes
	if s.AccessPoint.DHCP != nil {
		retained += int64(len(fixture)) // the DHCP server is the fixture, still running
	}
	p := wifiParts{retained: retained, records: []cpio.Record{
		FileRecord(guestproto.FixturePath, fixture, 0o755),
		FileRecord(guestproto.FixtureConfigPath, fixtureCfg, 0o644),
		FileRecord(FixtureModulesDep, []byte(dep), 0o644),
		FileRecord(HostapdConfPath, []byte(HostapdConf(*s.AccessPoint)), 0o600),
		FileRecord(FixtureRandomSeed, randomBytes(32), 0o600),
	}}
	for _, m := range extraModules {
		data, err := os.ReadFile(filepath.Join(k.ModulesDir, filepath.FromSlash(m)))
		if err != nil {
			return wifiParts{}, fmt.Errorf("add access point module: %w", err)
		}
		p.records = append(p.records, FileRecord(path.Join("/lib/modules", b.Kernel.Release, m), data, 0o644))
	}
	userland, err := u.Records()
	if err != nil {
		return wifiParts{}, err
	}
	p.records = append(p.records, userland...)
	if !e.WiFiConfigFlag {
		p.records = append(p.records, FileRecord(layout.WiFiConfig.Path, []byte(s.Station.Config), 0o600))
		return p, nil
	}
	p.wifiConfig = filepath.Join(work, "wpa_supplicant.conf")
	if err := os.WriteFile(p.wifiConfig, []byte(s.Station.Config), 0o600); err != nil {
		return wifiParts{}, fmt.Errorf("write station configuration: %w", err)
	}
	return p, nil
}
