package testbed

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/u-root/u-root/pkg/cpio"

	"github.com/airroot/airroot/e2e/artifact"
)

// EAPServer makes the access point an 802.1X authenticator with hostapd's own EAP
// server (ieee8021x=1, eap_server=1) instead of a pass-phrase.
type EAPServer struct {
	// Method is what the server offers first: PEAP, TTLS or TLS.
	Method string
	// Inner is the phase 2 method of Identity: MSCHAPV2 ("" too) or TTLS-PAP.
	Inner string
	// Identity and Password are the one user the server knows (the inner
	// identity of PEAP and TTLS).
	Identity, Password string
	// ReauthSeconds is eap_reauth_period: the server authenticates the
	// associated station again this often; 0 keeps hostapd's hour.
	ReauthSeconds int
}

// validate reports what hostapd would refuse; passphrase is the access point's.
func (e *EAPServer) validate(passphrase string) []error {
	var errs []error
	if passphrase != "" {
		errs = append(errs, errors.New("an EAP server and a pass-phrase: choose one"))
	}
	if m := e.Method; m != "PEAP" && m != "TTLS" && m != "TLS" {
		errs = append(errs, fmt.Errorf("EAP method %q: want PEAP, TTLS or TLS", m))
	}
	if i := e.Inner; i != "" && i != "MSCHAPV2" && i != "TTLS-PAP" {
		errs = append(errs, fmt.Errorf("EAP inner method %q: want MSCHAPV2 or TTLS-PAP", i))
	}
	return errs
}

// The server's files in the initramfs, beside hostapd.conf.
const (
	eapDir        = "/e2e/eap"
	eapCAPath     = eapDir + "/ca.pem"
	eapCertPath   = eapDir + "/server.pem"
	eapKeyPath    = eapDir + "/server.key"
	eapUsersPath  = eapDir + "/eap_user"
	EAPServerName = "radius.airroot.test" // the server certificate's name
)

// PKI is a CA made for one boot and what it issued: the server's certificate and,
// for EAP-TLS, a client certificate. All PEM.
type PKI struct {
	CA                    []byte
	ServerCert, ServerKey []byte
	ClientCert, ClientKey []byte
}

// NewPKI issues a fresh CA, a server certificate for EAPServerName and a client
// certificate, valid from an hour ago for a day.
func NewPKI() (*PKI, error) {
	caKey, ca, caPEM, err := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "airroot e2e CA"},
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}, nil, nil)
	if err != nil {
		return nil, err
	}
	p := &PKI{CA: caPEM}
	_, _, p.ServerCert, p.ServerKey, err = leaf(EAPServerName, x509.ExtKeyUsageServerAuth, ca, caKey)
	if err != nil {
		return nil, err
	}
	_, _, p.ClientCert, p.ClientKey, err = leaf("pi@airroot.test", x509.ExtKeyUsageClientAuth, ca, caKey)
	return p, err
}

func leaf(name string, usage x509.ExtKeyUsage, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, *x509.Certificate, []byte, []byte, error) {
	key, cert, certPEM, err := issue(&x509.Certificate{Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		ExtKeyUsage: []x509.ExtKeyUsage{usage}, KeyUsage: x509.KeyUsageDigitalSignature}, ca, caKey)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("encode the key of %s: %w", name, err)
	}
	return key, cert, certPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func issue(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, *x509.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("generate a key for %s: %w", tmpl.Subject.CommonName, err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("serial number: %w", err)
	}
	tmpl.SerialNumber, tmpl.NotBefore, tmpl.NotAfter = serial, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("issue %s: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("parse %s: %w", tmpl.Subject.CommonName, err)
	}
	return key, cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// eapConf is hostapd.conf's 802.1X part.
func eapConf(e *EAPServer) []string {
	lines := []string{
		"ieee8021x=1", "eap_server=1", "eap_user_file=" + eapUsersPath,
		"ca_cert=" + eapCAPath, "server_cert=" + eapCertPath, "private_key=" + eapKeyPath,
	}
	if e.ReauthSeconds > 0 {
		lines = append(lines, fmt.Sprintf("eap_reauth_period=%d", e.ReauthSeconds))
	}
	return lines
}

// eapUsers is hostapd's eap_user file: any outer identity gets Method; the user
// is known inside the tunnel with Inner.
func eapUsers(e *EAPServer) string {
	lines := []string{"* " + e.Method}
	if e.Identity != "" {
		inner := e.Inner
		if inner == "" {
			inner = "MSCHAPV2"
		}
		lines = append(lines, fmt.Sprintf("%q %s %q [2]", e.Identity, inner, e.Password))
	}
	return strings.Join(lines, "\n") + "\n"
}

// eapRecords are the server's files for the initramfs.
func eapRecords(e *EAPServer, p *PKI) ([]cpio.Record, error) {
	if p == nil {
		return nil, fmt.Errorf("access point with an EAP server: no PKI made for it")
	}
	return []cpio.Record{
		artifact.FileRecord(eapCAPath, p.CA, 0o644),
		artifact.FileRecord(eapCertPath, p.ServerCert, 0o644),
		artifact.FileRecord(eapKeyPath, p.ServerKey, 0o600),
		artifact.FileRecord(eapUsersPath, []byte(eapUsers(e)), 0o600),
	}, nil
}
