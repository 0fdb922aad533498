package initramfs

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/eap/eaptls"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// TestBuildEAPEncryptedKey: airroot build opens a client key encrypted
// with private_key_passwd= (made by the system's openssl) and the image
// holds the clear key, 0600, and neither the pass-phrase nor the key word
// that names it; a wrong pass-phrase stops the build with a clear error
// that does not show it.
func TestBuildEAPEncryptedKey(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl to make an encrypted key with")
	}
	const passphrase = "correct horse battery staple"
	dir := t.TempDir()
	cmd := exec.Command("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
		"-aes256", "-pass", "env:PASS", "-out", "key.pem")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "PASS="+passphrase)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "client.pem"), []byte("CLIENT CERT"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, passphrase string
		wantErr          error
	}{
		{"right pass-phrase", passphrase, nil},
		{"wrong pass-phrase", "Tr0ub4dor&3", eaptls.ErrKeyPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "network={\nssid=\"lab\"\nkey_mgmt=WPA-EAP\neap=TLS\nidentity=\"pi\"\nca_cert=\"" + filepath.Join(dir, "client.pem") +
				"\"\nclient_cert=\"" + filepath.Join(dir, "client.pem") + "\"\nprivate_key=\"" + filepath.Join(dir, "key.pem") +
				"\"\nprivate_key_passwd=\"" + tt.passphrase + "\"\n}\n"
			c, _, err := conf.Parse(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			a, warnings, err := Build(Spec{Init: testutil.FakeInit(t), WiFi: c})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Build error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if strings.Contains(err.Error(), tt.passphrase) || !strings.Contains(err.Error(), "key.pem") {
					t.Errorf("Build error %q: want the key file named and the pass-phrase hidden", err)
				}
				return
			}
			raw, err := a.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if r := records(t, raw)["etc/airroot/eap/0/key.pem"]; r.Mode&0o777 != 0o600 {
				t.Errorf("key.pem mode %o, want 0600", r.Mode&0o777)
			}
			key, _ := a.Lookup("etc/airroot/eap/0/key.pem")
			b, _ := pem.Decode(key)
			if b == nil || b.Type != "PRIVATE KEY" {
				t.Fatalf("the image's key.pem is %q, want a clear PKCS#8 key", key)
			}
			if _, err := x509.ParsePKCS8PrivateKey(b.Bytes); err != nil {
				t.Errorf("the image's key does not parse: %v", err)
			}
			file, _ := a.Lookup("etc/airroot/wpa_supplicant.conf")
			if bytes.Contains(raw, []byte(passphrase)) || bytes.Contains(file, []byte("private_key_passwd")) {
				t.Errorf("the image keeps the pass-phrase:\n%s", file)
			}
			if strings.Contains(strings.Join(warnings, "\n"), passphrase) {
				t.Errorf("warnings %q show the pass-phrase", warnings)
			}
		})
	}
}
