package testbed

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"testing"
)

func TestEAPUsers(t *testing.T) {
	tests := []struct {
		e    EAPServer
		want string
	}{
		{EAPServer{Method: "PEAP", Identity: "pi@x", Password: "p w"}, "* PEAP\n\"pi@x\" MSCHAPV2 \"p w\" [2]\n"},
		{EAPServer{Method: "TTLS", Inner: "TTLS-PAP", Identity: "pi@x", Password: "p"}, "* TTLS\n\"pi@x\" TTLS-PAP \"p\" [2]\n"},
		{EAPServer{Method: "TLS"}, "* TLS\n"},
	}
	for _, tt := range tests {
		if got := eapUsers(&tt.e); got != tt.want {
			t.Errorf("eapUsers(%+v) = %q, want %q", tt.e, got, tt.want)
		}
	}
}

// TestNewPKI checks that the server and client certificates chain to the CA and
// that each key belongs to its certificate.
func TestNewPKI(t *testing.T) {
	p, err := NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(p.CA) {
		t.Fatal("CA is not PEM")
	}
	for _, c := range []struct {
		name      string
		cert, key []byte
		usage     x509.ExtKeyUsage
	}{{"server", p.ServerCert, p.ServerKey, x509.ExtKeyUsageServerAuth}, {"client", p.ClientCert, p.ClientKey, x509.ExtKeyUsageClientAuth}} {
		pair, err := tls.X509KeyPair(c.cert, c.key)
		if err != nil {
			t.Fatalf("%s key pair: %v", c.name, err)
		}
		block, _ := pem.Decode(c.cert)
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil || pair.PrivateKey == nil {
			t.Fatalf("%s certificate: %v", c.name, err)
		}
		if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{c.usage}}); err != nil {
			t.Errorf("%s certificate does not verify against the CA: %v", c.name, err)
		}
	}
}
