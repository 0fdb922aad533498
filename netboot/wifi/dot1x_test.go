package wifi

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/eaptls"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

func TestNewDot1X(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		e         conf.EAP
		wantErr   error
		wantOuter string
		wantTypes []eap.Type
	}{
		{"anonymous outer identity", conf.EAP{Methods: []string{"TTLS", "PEAP"}, Identity: "pi@example.org",
			AnonymousIdentity: "anonymous@example.org", Password: "p"}, nil, "anonymous@example.org", []eap.Type{eap.TypeTTLS, eap.TypePEAP}},
		{"identity outside without anonymous_identity", conf.EAP{Methods: []string{"PEAP"}, Identity: "pi"}, nil, "pi", []eap.Type{eap.TypePEAP}},
		{"missing CA file", conf.EAP{Methods: []string{"PEAP"}, Identity: "pi", CACert: filepath.Join(dir, "none.pem")}, ErrConfig, "", nil},
		{"CA file without PEM", conf.EAP{Methods: []string{"PEAP"}, Identity: "pi", CACert: notPEM}, ErrConfig, "", nil},
		{"missing client key", conf.EAP{Methods: []string{"TLS"}, Identity: "pi", ClientCert: notPEM, PrivateKey: notPEM}, ErrConfig, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := newDot1X(&tt.e, Options{Log: func(string, ...any) {}})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("newDot1X error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			var types []eap.Type
			for _, m := range d.peer.Methods {
				types = append(types, m.Type)
			}
			if d.peer.Identity != tt.wantOuter || fmt.Sprint(types) != fmt.Sprint(tt.wantTypes) {
				t.Errorf("outer identity %q methods %v, want %q %v", d.peer.Identity, types, tt.wantOuter, tt.wantTypes)
			}
		})
	}
}

func TestClassifyEAP(t *testing.T) {
	tests := []struct {
		err  error
		want error
	}{
		{fmt.Errorf("EAP-Failure: %w: %w", eap.ErrFailure, eap.ErrWrongPassword), ErrCredentials},
		{fmt.Errorf("TLS: %w", eap.ErrUntrusted), ErrAccessPoint},
		{fmt.Errorf("EAP-Failure: %w", eap.ErrFailure), ErrHandshake},
	}
	for _, tt := range tests {
		if got := classifyEAP(tt.err); !errors.Is(got, tt.want) || !errors.Is(got, tt.err) {
			t.Errorf("classifyEAP(%v) = %v, want it to wrap %v", tt.err, got, tt.want)
		}
		if got, want := RetryOf(classifyEAP(tt.err)), RetryOf(tt.want); got != want {
			t.Errorf("RetryOf(classifyEAP(%v)) = %v, want %v", tt.err, got, want)
		}
	}
}

// TestDot1XReceive runs the EAPOL side: an Identity Request in an EAPOL
// frame is answered with the outer identity in one, and an EAP-Success
// before any method is refused rather than giving a PMK.
func TestDot1XReceive(t *testing.T) {
	d, err := newDot1X(&conf.EAP{Methods: []string{"PEAP"}, Identity: "pi", AnonymousIdentity: "anon"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, done, err := d.receive(eap.ToEAPOL([]byte{1, 4, 0, 5, 1}))
	if err != nil || done || string(out) != "\x02\x00\x00\x09\x02\x04\x00\x09\x01anon" {
		t.Fatalf("identity: %q, %v, %v", out, done, err)
	}
	if _, done, err := d.receive(eap.ToEAPOL([]byte{3, 5, 0, 4})); err == nil || done || d.pmk != nil {
		t.Fatalf("early EAP-Success: done %v, err %v, PMK %v", done, err, d.pmk != nil)
	}
}

// TestNewDot1XEncryptedKey: a client key still encrypted at join time (a
// configuration airroot build did not prepare) opens with
// private_key_passwd=; a wrong one is a configuration error that names
// the key, not the pass-phrase.
func TestNewDot1XEncryptedKey(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl to make an encrypted key with")
	}
	const passphrase = "correct horse battery staple"
	dir := t.TempDir()
	cmd := exec.Command("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-subj", "/CN=pi",
		"-days", "1", "-keyout", "key.pem", "-out", "cert.pem", "-passout", "env:PASS")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "PASS="+passphrase)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		passphrase string
		wantErr    error
	}{{passphrase, nil}, {"Tr0ub4dor&3", ErrConfig}} {
		e := conf.EAP{Methods: []string{"TLS"}, Identity: "pi", ClientCert: filepath.Join(dir, "cert.pem"),
			PrivateKey: filepath.Join(dir, "key.pem"), PrivateKeyPasswd: tt.passphrase}
		_, err := newDot1X(&e, Options{Log: func(string, ...any) {}})
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("pass-phrase %q: newDot1X error %v, want %v", tt.passphrase, err, tt.wantErr)
		}
		if err != nil && (strings.Contains(err.Error(), tt.passphrase) || !errors.Is(err, eaptls.ErrKeyPassphrase)) {
			t.Errorf("error %q: want ErrKeyPassphrase and no pass-phrase", err)
		}
	}
}
