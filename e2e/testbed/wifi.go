package testbed

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/modload"
	"github.com/u-root/u-root/pkg/cpio"
)

const (
	// fixtureModulesDep is the fixture's modules.dep in the initramfs.
	fixtureModulesDep = "/e2e/fixture-modules.dep"
	// fixtureRandomSeed holds random bytes the fixture credits to the kernel's pool.
	fixtureRandomSeed = "/e2e/random-seed"
	// fixtureTimeout bounds the fixture's waits (the NIC, hostapd).
	fixtureTimeout = 60
)

// WiFiBed is the Wi-Fi side of a boot: the access point the fixture raises before
// airroot starts, on the board whose wired NIC it bridges (or routes) to QEMU's network.
type WiFiBed struct {
	AP AccessPoint
	// NIC is the board's wired interface; NICModules are its driver's modules.
	NIC        string
	NICModules []string
	// OnDemand has the fixture load the radios alone: the kernel's requests (the bridge,
	// the ciphers) go to /init as its modprobe helper, and the NIC's driver comes by
	// modalias once airroot runs.
	OnDemand bool
	// Monitor adds the attacker's radio: a third mac80211_hwsim radio, a monitor on
	// the access point's channel in the access point's namespace (MonitorInterface).
	Monitor bool
	// First, when set, is the network the access point serves before it becomes AP.
	First *FirstNetwork
	// RestartDownSeconds, when positive, makes the access point restartable after
	// the switch: a child of the fixture owns hostapd and, asked through
	// APRestartControl, kills it and starts a new one that many seconds later.
	RestartDownSeconds float64
	// RestartChannel, when set, is the channel the restarted access point comes
	// back on.
	RestartChannel int
	// SecondChannel, when set, adds a second access point for the same network on
	// that channel: a third radio (SecondAPInterface) bridged with the first, with
	// a hostapd of its own, so the lease and the NFS root stay good on either.
	SecondChannel int
	// NoStationRadio has the fixture take airroot's radio away before /init
	// runs (FixtureConfig.HideStation).
	NoStationRadio bool
}

// APRestartControl is the FIFO through which the guest asks the fixture's child to
// restart the access point: on /dev, which the new root keeps.
const APRestartControl = "/dev/e2e-ap-restart"

// FirstNetwork is another network on the access point's radio for Seconds after the
// fixture starts it (an open one with the same SSID, say); then hostapd reloads AP's
// configuration.
type FirstNetwork struct {
	AP      AccessPoint
	Seconds float64
}

// modules are the modules the fixture loads: the radios, the bridge, the NIC's driver
// and the ciphers hostapd installs keys for (mac80211 would ask for them through a
// modprobe the initramfs lacks); the radios alone when OnDemand.
func (w WiFiBed) modules() []string {
	if w.OnDemand {
		return []string{"mac80211_hwsim"}
	}
	mods := append([]string{"mac80211_hwsim", "bridge"}, w.NICModules...)
	if w.AP.Passphrase != "" || w.AP.EAP != nil {
		mods = append(mods, "ccm", "ctr")
	}
	if w.AP.PMF > 0 {
		mods = append(mods, "cmac")
	}
	return mods
}

// FixtureConfig is the fixture's configuration for w.
func (w WiFiBed) FixtureConfig() guestproto.FixtureConfig {
	bridge := apBridge
	if w.AP.DHCP != nil {
		bridge = ""
	}
	radios := "radios=2"
	if w.Monitor || w.SecondChannel != 0 {
		radios = "radios=3"
	}
	cfg := guestproto.FixtureConfig{
		Modules:        w.modules(),
		ModuleParams:   map[string][]string{"mac80211_hwsim": {radios}},
		ModulesDep:     fixtureModulesDep,
		NIC:            w.NIC,
		APInterface:    apInterface,
		Bridge:         bridge,
		DHCP:           fixtureDHCP(w.AP.DHCP),
		Hostapd:        artifact.Hostapd,
		HostapdConf:    hostapdConfPath,
		HostapdCtrl:    HostapdCtrl,
		SSID:           w.AP.SSID,
		Channel:        w.AP.ChannelOrDefault(),
		RandomSeed:     fixtureRandomSeed,
		Init:           "/init",
		TimeoutSeconds: fixtureTimeout,
	}
	if w.OnDemand {
		cfg.ModprobeHelper, cfg.NICLater = "/init", true
	}
	if w.Monitor {
		cfg.Monitor = MonitorInterface
	}
	if w.NoStationRadio {
		cfg.HideStation = stationInterface
	}
	if w.SecondChannel != 0 {
		cfg.SecondAP = &guestproto.FixtureSecondAP{Interface: SecondAPInterface, HostapdConf: hostapdSecondConfPath}
	}
	if w.First != nil {
		cfg.Later = &guestproto.FixtureLater{AfterSeconds: w.First.Seconds, HostapdConf: hostapdLaterConfPath}
	}
	if w.RestartDownSeconds > 0 {
		cfg.Restart = &guestproto.FixtureRestart{Control: APRestartControl, DownSeconds: w.RestartDownSeconds,
			Files: []string{hostapdConfPath}}
		if w.RestartChannel != 0 {
			cfg.Restart.HostapdConf = hostapdRestartConfPath
			cfg.Restart.Files = append(cfg.Restart.Files, hostapdRestartConfPath)
		}
	}
	return cfg
}

// firstAP is the network hostapd starts with.
func (w WiFiBed) firstAP() AccessPoint {
	if w.First != nil {
		return w.First.AP
	}
	return w.AP
}

// apModuleFiles returns a modules.dep for the closure of the modules ap (paths relative
// to the modules tree, each module's dependencies nearest first, as depmod writes them)
// and the files of that closure that the closure of station, airroot's modules, lacks:
// the test archive adds those.
func apModuleFiles(ix *modload.Index, ap, station []string) (dep string, extra []string, err error) {
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

// WiFiFiles are what a board's Wi-Fi test bed is made of, the same for every boot.
type WiFiFiles struct {
	// Fixture is the access-point fixture built for linux/arm.
	Fixture string
	// Hostapd is hostapd's userland for the board's architecture; Dnsmasq is
	// dnsmasq's, for an access point whose DHCP server it is.
	Hostapd artifact.Userland
	Dnsmasq artifact.Userland
	// Modules indexes the board's modules tree, ModulesDir; Release is its uname -r.
	Modules    *modload.Index
	ModulesDir string
	Release    string
	// PKI holds the certificates of an access point with an EAP server.
	PKI *PKI
}

// Records returns the test bed's files for w, for the archive appended to the
// initramfs: the fixture (which the kernel runs first, rdinit=/fixture), its
// configuration, modules.dep and random seed, hostapd.conf, the access point's modules
// that station (airroot's modules, by name) lacks, and hostapd with its libraries.
func (f WiFiFiles) Records(w WiFiBed, station []string) ([]cpio.Record, error) {
	fc := w.FixtureConfig()
	if fc.Restart != nil { // hostapd's own files, for its owner to copy
		for _, h := range f.Hostapd.Running {
			fc.Restart.Files = append(fc.Restart.Files, "/"+h.Path)
		}
	}
	cfg, err := json.MarshalIndent(fc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode fixture configuration: %w", err)
	}
	dep, extraModules, err := apModuleFiles(f.Modules, w.modules(), station)
	if err != nil {
		return nil, err
	}
	fixture, err := os.ReadFile(f.Fixture)
	if err != nil {
		return nil, fmt.Errorf("add the access point's fixture: %w", err)
	}
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("add the fixture's random seed: %w", err)
	}
	records := []cpio.Record{
		artifact.FileRecord(guestproto.FixturePath, fixture, 0o755),
		artifact.FileRecord(guestproto.FixtureConfigPath, cfg, 0o644),
		artifact.FileRecord(fixtureModulesDep, []byte(dep), 0o644),
		artifact.FileRecord(hostapdConfPath, []byte(HostapdConf(w.firstAP())), 0o600),
		// Entropy the fixture credits to the kernel: without it, OpenSSL in hostapd
		// and wpa_supplicant blocks on getrandom on a board with no RNG (raspi1ap).
		artifact.FileRecord(fixtureRandomSeed, seed, 0o600),
	}
	if w.AP.EAP != nil {
		eap, err := eapRecords(w.AP.EAP, f.PKI)
		if err != nil {
			return nil, err
		}
		records = append(records, eap...)
	}
	if w.First != nil {
		records = append(records, artifact.FileRecord(hostapdLaterConfPath, []byte(HostapdConf(w.AP)), 0o600))
	}
	if w.SecondChannel != 0 {
		second := w.AP
		second.Channel = w.SecondChannel
		records = append(records, artifact.FileRecord(hostapdSecondConfPath, []byte(hostapdConfOn(second, SecondAPInterface)), 0o600))
	}
	if w.RestartChannel != 0 {
		moved := w.AP
		moved.Channel = w.RestartChannel
		records = append(records, artifact.FileRecord(hostapdRestartConfPath, []byte(HostapdConf(moved)), 0o600))
	}
	for _, m := range extraModules {
		data, err := os.ReadFile(filepath.Join(f.ModulesDir, filepath.FromSlash(m)))
		if err != nil {
			return nil, fmt.Errorf("add the access point's module: %w", err)
		}
		records = append(records, artifact.FileRecord(path.Join("/lib/modules", f.Release, m), data, 0o644))
	}
	hostapd, err := f.Hostapd.Records()
	if err != nil {
		return nil, err
	}
	records = append(records, hostapd...)
	if d := w.AP.DHCP; d != nil && d.Dnsmasq {
		dnsmasq, err := f.dnsmasqOnly().Records()
		if err != nil {
			return nil, err
		}
		records = append(records, dnsmasq...)
	}
	return records, nil
}

// Retained is what of w's test bed stays in RAM after the switch: hostapd and its
// libraries (their copy in the restartable access point's tmpfs instead), dnsmasq and
// the libraries hostapd does not share with it, and the fixture itself when a child
// of it lives on (serving DHCP or reading dnsmasq's log, owning hostapd).
func (f WiFiFiles) Retained(w WiFiBed) (int64, error) {
	retained := f.Hostapd.RunningBytes
	if d := w.AP.DHCP; d != nil && d.Dnsmasq {
		retained += f.dnsmasqOnly().RunningBytes
	}
	if w.AP.DHCP != nil || w.RestartDownSeconds > 0 {
		info, err := os.Stat(f.Fixture)
		if err != nil {
			return 0, fmt.Errorf("size the access point's fixture: %w", err)
		}
		retained += info.Size()
	}
	return retained, nil
}
