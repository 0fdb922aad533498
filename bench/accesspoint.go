package bench

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/harness"
	"github.com/airroot/airroot/modload"
	"github.com/u-root/u-root/pkg/cpio"
)

// StationModules are the modules the init under test loads for scenario s on board
// b, airroot and the seed alike: the radio's stack and CCMP's ciphers over Wi-Fi,
// the NIC's driver over Ethernet, then NFS.
func StationModules(s harness.Scenario, b harness.Board) []string {
	if s.AccessPoint == nil {
		return append(slices.Clone(b.Modules), harness.NFSModules...)
	}
	mods := append(slices.Clone(harness.WiFiStationModules), s.Station.Modules...)
	return append(mods, harness.NFSModules...)
}

// AccessPointParts are the test access point's files, the same for every variant:
// the e2e fixture that the kernel runs first (rdinit=/fixture), its configuration,
// modules and random seed, hostapd with its libraries and configuration. They
// mirror the e2e harness's own (unexported) Wi-Fi parts.
type AccessPointParts struct {
	Fixture string // the fixture built for linux/arm
	Hostapd harness.Userland
	Index   *modload.Index
	Modules harness.KernelFiles
}

// Records returns the access point's files for scenario s on board b, as records of
// the uncompressed archive appended to the initramfs. They add the modules the
// access point needs that the station's modules lack.
func (p AccessPointParts) Records(s harness.Scenario, b harness.Board) ([]cpio.Record, error) {
	cfg := harness.FixtureConfigFor(s, b)
	cfgJSON, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode fixture configuration: %w", err)
	}
	dep, extra, err := harness.APModuleFiles(p.Index, cfg.Modules, StationModules(s, b))
	if err != nil {
		return nil, err
	}
	fixture, err := os.ReadFile(p.Fixture)
	if err != nil {
		return nil, fmt.Errorf("add the access point's fixture: %w", err)
	}
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("add the fixture's random seed: %w", err)
	}
	records := []cpio.Record{
		harness.FileRecord(guestproto.FixturePath, fixture, 0o755),
		harness.FileRecord(guestproto.FixtureConfigPath, cfgJSON, 0o644),
		harness.FileRecord(harness.FixtureModulesDep, []byte(dep), 0o644),
		harness.FileRecord(harness.HostapdConfPath, []byte(harness.HostapdConf(*s.AccessPoint)), 0o600),
		// Entropy the fixture credits to the kernel: without it, OpenSSL in hostapd
		// and wpa_supplicant blocks on getrandom on a board with no RNG (raspi1ap).
		harness.FileRecord(harness.FixtureRandomSeed, seed, 0o600),
	}
	for _, m := range extra {
		data, err := os.ReadFile(filepath.Join(p.Modules.ModulesDir, filepath.FromSlash(m)))
		if err != nil {
			return nil, fmt.Errorf("add the access point's module: %w", err)
		}
		records = append(records, harness.FileRecord(path.Join("/lib/modules", b.Kernel.Release, m), data, 0o644))
	}
	hostapd, err := p.Hostapd.Records()
	if err != nil {
		return nil, err
	}
	return append(records, hostapd...), nil
}
