package initramfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/host/deb/debtest"
)

// writeTree writes files (path -> content) under dir; a content starting
// with "->" makes a symbolic link.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "->"); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// wifiModulesTree writes a modules tree without modules.dep (as in a
// Debian package), so the index reads each module's .modinfo: rtl8192cu
// needs rtlwifi and mac80211 and names firmware; brcmfmac names a glob.
func wifiModulesTree(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lib/modules/6.1.0-test")
	mods := map[string][]string{
		"kernel/net/mac80211/mac80211.ko": {"name=mac80211", "depends=", "alias=crypto-ccm"},
		"kernel/rtlwifi/rtlwifi.ko":       {"name=rtlwifi", "depends=mac80211"},
		"kernel/rtlwifi/rtl8192cu.ko": {"name=rtl8192cu", "depends=rtlwifi,mac80211",
			"alias=usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", "firmware=rtlwifi/rtl8192cufw_TMSC.bin",
			"firmware=rtlwifi/rtl8192cufw_A.bin", "firmware=rtlwifi/rtl8192cufw.bin"},
		"kernel/brcmfmac/brcmfmac.ko": {"name=brcmfmac", "depends=", "alias=sdio:c*v02D0d*",
			"firmware=brcm/brcmfmac43430-sdio.bin", "firmware=brcm/brcmfmac*-sdio.*.txt", "firmware=brcm/brcmfmac4356-sdio.bin"},
		"kernel/other/unused.ko": {"name=unused", "depends=", "alias=pci:v*d*", "firmware=unused.bin"},
	}
	for p, entries := range mods {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, debtest.Module(entries...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeTree(t, dir, map[string]string{"modules.builtin": "kernel/drivers/virtio/virtio.ko\n"})
	return dir
}
