package eaptls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"testing"
	"time"
)

// pki is a CA with a server and a client certificate, made per test.
type pki struct {
	ca     *x509.Certificate
	roots  *x509.CertPool
	server tls.Certificate
	client tls.Certificate
}

// newPKI issues certificates; the server's carries many DNS names so
// that its handshake flight needs several EAP fragments.
func newPKI(t *testing.T, caName, serverName string) *pki {
	t.Helper()
	caKey, caCert := issue(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: caName}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign,
	}, nil, nil)
	names := []string{serverName}
	for i := range 60 {
		names = append(names, fmt.Sprintf("alias-%d.%s", i, serverName))
	}
	srvKey, srvCert := issue(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: serverName, Organization: []string{"Test University"}}, DNSNames: names,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, caCert, caKey)
	cliKey, cliCert := issue(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: "pi@example.org"}, DNSNames: names,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, caCert, caKey)
	p := &pki{ca: caCert, roots: x509.NewCertPool()}
	p.roots.AddCert(caCert)
	p.server = tls.Certificate{Certificate: [][]byte{srvCert.Raw}, PrivateKey: srvKey, Leaf: srvCert}
	p.client = tls.Certificate{Certificate: [][]byte{cliCert.Raw}, PrivateKey: cliKey, Leaf: cliCert}
	return p
}

var serial int64

func issue(t *testing.T, tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial++
	tmpl.SerialNumber = big.NewInt(serial)
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(24 * time.Hour)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, c
}
