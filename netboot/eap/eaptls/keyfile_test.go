package eaptls

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const keyPassphrase = "correct horse battery staple"

// opensslKey makes a key with the system's openssl and returns the clear
// key's PEM and the file the last command wrote (skipping without openssl).
func opensslKey(t *testing.T, cmds ...string) (clear, written []byte) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl to make encrypted keys with")
	}
	dir := t.TempDir()
	for _, c := range cmds {
		cmd := exec.Command("sh", "-c", c)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PASS="+keyPassphrase)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", c, err, out)
		}
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return read("clear.pem"), read("out.pem")
}

// keyOf parses the key of a PEM file, whatever its form.
func keyOf(t *testing.T, pemData []byte) crypto.PrivateKey {
	t.Helper()
	b, _ := pem.Decode(pemData)
	if b == nil {
		t.Fatalf("no PEM block in %q", pemData)
	}
	for _, parse := range []func([]byte) (any, error){
		x509.ParsePKCS8PrivateKey,
		func(d []byte) (any, error) { return x509.ParsePKCS1PrivateKey(d) },
		func(d []byte) (any, error) { return x509.ParseECPrivateKey(d) },
	} {
		if k, err := parse(b.Bytes); err == nil {
			return k
		}
	}
	t.Fatalf("%s block does not parse as a key", b.Type)
	return nil
}

func TestDecryptKey(t *testing.T) {
	const ec = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out clear.pem"
	const rsa = "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out clear.pem"
	tests := []struct {
		name       string
		cmds       []string
		passphrase string
		wantType   string
		wantErr    error
	}{
		{"PKCS#8 PBES2 AES-256, HMAC-SHA-256 (genpkey -aes256)", []string{
			"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass env:PASS -out out.pem",
			"openssl pkey -in out.pem -passin env:PASS -out clear.pem"}, keyPassphrase, "PRIVATE KEY", nil},
		{"PKCS#8 PBES2 AES-128, HMAC-SHA-1 (pkcs8 -topk8 -v2 aes128)", []string{ec,
			"openssl pkcs8 -topk8 -v2 aes128 -v2prf hmacWithSHA1 -in clear.pem -passout env:PASS -out out.pem"}, keyPassphrase, "PRIVATE KEY", nil},
		{"PKCS#8 PBES2 AES-192, HMAC-SHA-512, RSA", []string{rsa,
			"openssl pkcs8 -topk8 -v2 aes192 -v2prf hmacWithSHA512 -in clear.pem -passout env:PASS -out out.pem"}, keyPassphrase, "PRIVATE KEY", nil},
		{"PKCS#8 PBES2 DES-EDE3-CBC (req -keyout)", []string{
			"openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj /CN=pi -days 1 -keyout out.pem -out cert.pem -passout env:PASS",
			"openssl pkey -in out.pem -passin env:PASS -out clear.pem"}, keyPassphrase, "PRIVATE KEY", nil},
		{"PKCS#8 wrong pass-phrase", []string{ec,
			"openssl pkcs8 -topk8 -v2 aes256 -in clear.pem -passout env:PASS -out out.pem"}, "Tr0ub4dor&3", "", ErrKeyPassphrase},
		{"PKCS#8 PBES1 (3DES, old openssl's default)", []string{ec,
			"openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in clear.pem -passout env:PASS -out out.pem"}, keyPassphrase, "", ErrUnsupportedKey},
		{"legacy PEM, RSA, AES-256-CBC", []string{rsa,
			"openssl rsa -traditional -aes256 -in clear.pem -passout env:PASS -out out.pem"}, keyPassphrase, "RSA PRIVATE KEY", nil},
		{"legacy PEM, EC, DES-EDE3-CBC", []string{ec,
			"openssl ec -des3 -in clear.pem -passout env:PASS -out out.pem"}, keyPassphrase, "EC PRIVATE KEY", nil},
		{"legacy PEM wrong pass-phrase", []string{ec,
			"openssl ec -aes128 -in clear.pem -passout env:PASS -out out.pem"}, "Tr0ub4dor&3", "", ErrKeyPassphrase},
		{"clear key, pass-phrase ignored", []string{ec, "cp clear.pem out.pem"}, keyPassphrase, "PRIVATE KEY", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clear, enc := opensslKey(t, tt.cmds...)
			got, err := DecryptKey(enc, tt.passphrase)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("DecryptKey error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if strings.Contains(err.Error(), tt.passphrase) {
					t.Errorf("error %q shows the pass-phrase", err)
				}
				return
			}
			if b, _ := pem.Decode(got); b == nil || b.Type != tt.wantType || len(b.Headers) != 0 {
				t.Fatalf("DecryptKey returned %q, want a clear %s block", got, tt.wantType)
			}
			want, ok := keyOf(t, clear).(interface{ Equal(crypto.PrivateKey) bool })
			if !ok || !want.Equal(keyOf(t, got)) {
				t.Error("the decrypted key is not the one openssl encrypted")
			}
		})
	}
}

// TestDecryptKeyMalformed: damaged files end in an error, never a panic
// or a key.
func TestDecryptKeyMalformed(t *testing.T) {
	_, enc := opensslKey(t, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass env:PASS -out out.pem",
		"cp out.pem clear.pem")
	b, _ := pem.Decode(enc)
	tests := []struct {
		name string
		der  []byte
	}{
		{"truncated", b.Bytes[:len(b.Bytes)-7]},
		{"trailing bytes", append(bytes.Clone(b.Bytes), 0)},
		{"one ciphertext byte off", append(bytes.Clone(b.Bytes[:len(b.Bytes)-1]), b.Bytes[len(b.Bytes)-1]^1)},
		{"not ASN.1", []byte("hello")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: tt.der})
			if got, err := DecryptKey(data, keyPassphrase); err == nil {
				t.Errorf("DecryptKey returned %q, want an error", got)
			}
		})
	}
	if _, err := DecryptKey([]byte("no PEM here"), keyPassphrase); err == nil {
		t.Error("DecryptKey of a file without PEM: no error")
	}
}

func FuzzDecryptKey(f *testing.F) {
	f.Add([]byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n"))
	f.Add([]byte("-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAAAAAAAAAAAAAAAAAAAA==\n-----END EC PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := DecryptKey(data, "x")
		if err != nil {
			return
		}
		if b, _ := pem.Decode(out); b == nil || !strings.HasSuffix(b.Type, "PRIVATE KEY") {
			t.Errorf("DecryptKey returned %q, not a private key block", out)
		}
	})
}
