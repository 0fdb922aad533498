package scenario

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/init/layout"
	"github.com/u-root/u-root/pkg/cpio"
)

// wifiParts is what a Wi-Fi scenario adds to a boot.
type wifiParts struct {
	records []cpio.Record
	// retained is what stays in RAM after the switch: hostapd (and dnsmasq) and
	// their libraries.
	retained int64
	// wifiConfig is the station's configuration file for airroot build --wifi-config;
	// "" when it is among records.
	wifiConfig string
}

// wifiParts builds the test bed's files for bed and the station's configuration for s
// on b.
func (e *Env) wifiParts(s Scenario, bed testbed.WiFiBed, b machine.Board, k artifact.KernelFiles, work string) (wifiParts, error) {
	u, ok := e.Userland[b.Kernel.Arch]
	ix := e.ModuleIndexes[b.Name]
	if !ok || ix == nil || e.Fixture == "" {
		return wifiParts{}, fmt.Errorf("wi-fi scenario %s: set up fetched no hostapd for %s, indexed no modules for %s or built no fixture", s.Name, b.Kernel.Arch, b.Name)
	}
	files := testbed.WiFiFiles{Fixture: e.Fixture, Hostapd: u, Dnsmasq: e.Dnsmasq[b.Kernel.Arch], Modules: ix,
		ModulesDir: k.ModulesDir, Release: b.Kernel.Release}
	if d := bed.AP.DHCP; d != nil && d.Dnsmasq && files.Dnsmasq.Sysroot == "" {
		return wifiParts{}, fmt.Errorf("wi-fi scenario %s: set up fetched no dnsmasq for %s", s.Name, b.Kernel.Arch)
	}
	if bed.AP.EAP != nil {
		if !e.WiFiConfigFlag {
			return wifiParts{}, fmt.Errorf("wi-fi scenario %s: an 802.1X station needs airroot build --wifi-config (it copies the certificates)", s.Name)
		}
		var err error
		if files.PKI, err = testbed.NewPKI(); err != nil {
			return wifiParts{}, err
		}
		if err := writeStationPKI(work, files.PKI, s.Network.(WiFi).Station.KeyPassphrase); err != nil {
			return wifiParts{}, err
		}
	}
	records, err := files.Records(bed, airrootModuleNames(ix, s, b))
	if err != nil {
		return wifiParts{}, err
	}
	retained, err := files.Retained(bed)
	if err != nil {
		return wifiParts{}, err
	}
	p := wifiParts{records: records, retained: retained}
	config := []byte(s.Network.(WiFi).Station.Config)
	if c := s.Boot.Card; c != nil && c.WiFi {
		// The station's networks are on the card (card.go); the initramfs names one
		// nobody serves, so a boot that joins proves the card's replaced it.
		config = []byte(staleStation.Config)
	}
	if !e.WiFiConfigFlag {
		p.records = append(p.records, artifact.FileRecord(layout.WiFiConfig.Path, config, 0o600))
		return p, nil
	}
	p.wifiConfig = filepath.Join(work, "wpa_supplicant.conf")
	if err := os.WriteFile(p.wifiConfig, config, 0o600); err != nil {
		return wifiParts{}, fmt.Errorf("write station configuration: %w", err)
	}
	return p, nil
}

// writeStationPKI puts the CA and the client's certificate and key beside the
// station's configuration, whose ca_cert=, client_cert= and private_key= name them
// relative to it; airroot build copies them into the image. A passphrase
// encrypts the key.
func writeStationPKI(dir string, p *testbed.PKI, passphrase string) error {
	for name, data := range map[string][]byte{"ca.pem": p.CA, "client.pem": p.ClientCert, "client.key": p.ClientKey} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return fmt.Errorf("write the station's %s: %w", name, err)
		}
	}
	if passphrase == "" {
		return nil
	}
	cmd := exec.Command("openssl", "pkcs8", "-topk8", "-v2", "aes256", "-in", "client.key", "-out", "client.key.enc", "-passout", "env:AIRROOT_KEY_PASS")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "AIRROOT_KEY_PASS="+passphrase)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("encrypt the station's client.key with openssl: %w: %s", err, out)
	}
	return os.Rename(filepath.Join(dir, "client.key.enc"), filepath.Join(dir, "client.key"))
}
