package initramfs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// TestBuildEAP checks that an 802.1X network's files land in the image
// with mode 0600, that the image's configuration points at them, and that
// the clear password appears nowhere: only its NT hash (RFC 2759 9.2's
// "clientPass" hashes to 44ebba8d...).
func TestBuildEAP(t *testing.T) {
	dir := t.TempDir()
	contents := map[string]string{"ca.pem": "CA CERT", "client.pem": "CLIENT CERT", "key.pem": "PRIVATE KEY 123"}
	for name, data := range contents {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	text := "network={\nssid=\"eduroam\"\nkey_mgmt=WPA-EAP\neap=PEAP TLS\nidentity=\"pi@example.org\"\npassword=\"clientPass\"\n" +
		"ca_cert=\"" + filepath.Join(dir, "ca.pem") + "\"\nclient_cert=\"" + filepath.Join(dir, "client.pem") + "\"\n" +
		"private_key=\"" + filepath.Join(dir, "key.pem") + "\"\ndomain_suffix_match=\"example.org\"\n}\n"
	c, _, err := conf.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	a, warnings, err := Build(Spec{Init: testutil.FakeInit(t), WiFi: c})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, raw)
	for name, data := range contents {
		r, ok := recs["etc/airroot/eap/0/"+name]
		if !ok || r.Mode&0o777 != 0o600 {
			t.Errorf("etc/airroot/eap/0/%s: present %v, mode %o; want 0600", name, ok, r.Mode&0o777)
			continue
		}
		if got, _ := a.Lookup("etc/airroot/eap/0/" + name); string(got) != data {
			t.Errorf("%s holds %q, want %q", name, got, data)
		}
	}
	file, _ := a.Lookup("etc/airroot/wpa_supplicant.conf")
	for _, want := range []string{`ca_cert="/etc/airroot/eap/0/ca.pem"`, `private_key="/etc/airroot/eap/0/key.pem"`, "password=hash:44ebba8d5312b8d611474411f56989ae"} {
		if !bytes.Contains(file, []byte(want)) {
			t.Errorf("the image's configuration lacks %s:\n%s", want, file)
		}
	}
	if bytes.Contains(raw, []byte("clientPass")) {
		t.Error("the archive holds the clear password")
	}
	if all := strings.Join(warnings, "\n"); !strings.Contains(all, "replaced by its NT hash") || strings.Contains(all, "PRIVATE KEY") {
		t.Errorf("warnings %q: want the hash notice and no file content", warnings)
	}
	if c.Networks[0].EAP.Password != "clientPass" {
		t.Error("Build changed the caller's configuration")
	}
}

func TestBuildEAPMissingFile(t *testing.T) {
	c, _, err := conf.Parse(strings.NewReader("network={\nssid=\"x\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\npassword=\"p\"\nca_cert=\"/nonexistent/ca.pem\"\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Build(Spec{Init: testutil.FakeInit(t), WiFi: c}); err == nil || !strings.Contains(err.Error(), "/nonexistent/ca.pem") {
		t.Fatalf("Build error %v, want one naming the missing file", err)
	}
}
