package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
)

// CardApp is the name the guest has on the card: seed 004's box, which
// airroot's appliance mode runs when nothing else is named.
const CardApp = "box"

// fatModules are what airroot needs to read a card besides its driver (the
// board's CardModules, which mdev loads by MODALIAS): FAT and the code pages the
// kernel asks for at mount.
var fatModules = []string{"vfat", "nls_cp437", "nls_ascii", "nls_utf8"}

// staleStation is the built-in network of a scenario whose networks are on the
// card: one no access point serves.
var staleStation = station("airroot-old-network", "an old pass-phrase")

// appliance reports whether s boots in appliance mode.
func (s Scenario) appliance() bool { return s.Boot.Card != nil && s.Boot.Card.App }

// CardModules are the modules s's card needs on b; none without a card.
func (s Scenario) CardModules(b machine.Board) []string {
	if s.Boot.Card == nil {
		return nil
	}
	return append(slices.Clone(b.CardModules), fatModules...)
}

// makeCard writes s's card image in work and returns its path. An edited
// card (a second boot, reboot.go) is the first boot's with its
// wpa_supplicant.conf replaced in place: the app on it stays as it was.
func (e *Env) makeCard(s Scenario, work string) (string, error) {
	path := filepath.Join(work, "card.img")
	files := map[string][]byte{}
	if s.Boot.Card.WiFi {
		files["wpa_supplicant.conf"] = []byte(s.Network.(WiFi).Station.Config)
	}
	if s.Boot.Card.edited {
		return path, artifact.EditCard(path, files)
	}
	if s.Boot.Card.App {
		guest, err := os.ReadFile(e.Guest)
		if err != nil {
			return "", fmt.Errorf("put the guest on the card: %w", err)
		}
		files[CardApp] = guest
	}
	return path, artifact.MakeCard(path, files)
}
