package initramfs

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"github.com/u-root/u-root/pkg/cpio"
)

const testPassphrase = "correct horse battery staple"

// testWiFi is a configuration parsed from a file giving a pass-phrase.
func testWiFi(t *testing.T) *conf.Config {
	t.Helper()
	c, _, err := conf.Parse(strings.NewReader("country=DE\nnetwork={\n\tssid=\"home\"\n\tpsk=\"" + testPassphrase + "\"\n}\n" +
		"network={\n\tssid=\"cafe\"\n\tkey_mgmt=NONE\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestArchiveHoldsNoPassphrase searches every compressed form of the
// archive, decompressed, for the pass-phrase; and checks the PSK is there.
func TestArchiveHoldsNoPassphrase(t *testing.T) {
	a, warnings, err := Build(Spec{Init: testutil.FakeInit(t), WiFi: testWiFi(t)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range allCompressions {
		data, err := Compress(raw, c)
		if err != nil {
			t.Fatal(err)
		}
		plain := decompress(t, data, c)
		for _, secret := range []string{testPassphrase, "correct horse"} {
			if bytes.Contains(plain, []byte(secret)) {
				t.Errorf("%s archive holds %q", c, secret)
			}
		}
	}
	psk := testWiFi(t).Networks[0].PSK
	file, ok := a.Lookup(layout.WiFiConfig.InArchive())
	if !ok || !bytes.Contains(file, []byte("psk="+hex.EncodeToString(psk[:]))) {
		t.Errorf("%s = %q, want the PSK in hex", layout.WiFiConfig.InArchive(), file)
	}
	if r := records(t, raw)[layout.WiFiConfig.InArchive()]; r.Mode&0o777 != 0o600 {
		t.Errorf("%s: mode %o, want 0600", layout.WiFiConfig.InArchive(), r.Mode&0o777)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], `"cafe" is open`) {
		t.Errorf("warnings = %q, want one about the open network", warnings)
	}
}

func TestBuildWiFiErrors(t *testing.T) {
	if _, _, err := Build(Spec{Init: testutil.FakeInit(t), WiFi: &conf.Config{}}); err == nil {
		t.Error("no network: no error")
	}
	bad := &conf.Config{Networks: []conf.Network{{SSID: strings.Repeat("x", 33), KeyMgmt: conf.KeyMgmtNone}}}
	if _, _, err := Build(Spec{Init: testutil.FakeInit(t), WiFi: bad}); err == nil {
		t.Error("33-byte SSID: no error")
	}
}

func TestBuildRelease(t *testing.T) {
	a, _, err := Build(Spec{Init: testutil.FakeInit(t)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, raw)
	release, ok := a.Lookup("etc/initrd-release")
	if !ok || !strings.Contains(string(release), "NAME=airroot\n") || !strings.Contains(string(release), "ID=airroot\n") {
		t.Errorf("/etc/initrd-release = %q", release)
	}
	link := recs["etc/os-release"]
	target, _ := content(link)
	if link.Mode&cpio.S_IFMT != cpio.S_IFLNK || string(target) != "initrd-release" {
		t.Errorf("/etc/os-release: mode %o -> %q, want a link to initrd-release", link.Mode, target)
	}
}
