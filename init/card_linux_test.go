package boot

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/wpa"
)

// TestTakeCardWiFi: the console names the card's wpa_supplicant.conf and its
// networks, recommends 'airroot passphrase' exactly when a pass-phrase is in
// clear, and neither the console, the kernel log nor the configuration the
// keeper reads ever holds the pass-phrase: its PSK does.
func TestTakeCardWiFi(t *testing.T) {
	const ssid, passphrase = "airroot-e2e-moved", "a new pass-phrase, typed on a Mac"
	psk, err := wpa.PSK(passphrase, ssid)
	if err != nil {
		t.Fatal(err)
	}
	hexPSK := hex.EncodeToString(psk[:])
	tests := []struct {
		name       string
		conf       string
		wantAdvice bool
	}{
		{name: "clear pass-phrase", conf: "network={\n\tssid=\"" + ssid + "\"\n\tpsk=\"" + passphrase + "\"\n}\n", wantAdvice: true},
		{name: "psk from airroot passphrase", conf: "network={\n\tssid=\"" + ssid + "\"\n\tpsk=" + hexPSK + "\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card, etc := t.TempDir(), t.TempDir()
			defer func(old string) { bootPartDir = old }(bootPartDir)
			defer func(old string) { layout.WiFiConfig.Path = old }(layout.WiFiConfig.Path)
			bootPartDir, layout.WiFiConfig.Path = card, filepath.Join(etc, "wpa_supplicant.conf")
			if err := os.WriteFile(filepath.Join(card, cardWiFiConfig), []byte(tt.conf), 0o644); err != nil {
				t.Fatal(err)
			}
			var console, kmsg bytes.Buffer
			b := &Boot{Log: &bootlog.Logger{Console: &console, Kmsg: &kmsg, Verbosity: bootlog.Debug}}
			b.takeCardWiFi()
			name := filepath.Join(card, cardWiFiConfig)
			if !strings.Contains(console.String(), "Wi-Fi networks from "+name+`: "`+ssid+`"`) {
				t.Errorf("console does not name %s and %q:\n%s", name, ssid, console.String())
			}
			advice := strings.Contains(console.String(), name+" holds a clear pass-phrase") &&
				strings.Contains(console.String(), "'airroot passphrase'")
			if advice != tt.wantAdvice {
				t.Errorf("console recommends airroot passphrase: %v, want %v:\n%s", advice, tt.wantAdvice, console.String())
			}
			installed, err := os.ReadFile(layout.WiFiConfig.Path)
			if err != nil {
				t.Fatal(err)
			}
			for what, text := range map[string]string{"console": console.String(), "kernel log": kmsg.String(), "keeper's configuration": string(installed)} {
				if strings.Contains(text, passphrase) {
					t.Errorf("the %s holds the pass-phrase:\n%s", what, text)
				}
			}
			if !strings.Contains(string(installed), hexPSK) {
				t.Errorf("the keeper's configuration lacks the PSK %s:\n%s", hexPSK, installed)
			}
		})
	}
}
