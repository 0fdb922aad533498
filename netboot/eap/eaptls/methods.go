package eaptls

import (
	"crypto/tls"
	"io"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/mschapv2"
)

// Config is what the TLS methods share.
type Config struct {
	Trust Trust
	// Certificates holds the client certificate of EAP-TLS.
	Certificates []tls.Certificate
	// Rand is the randomness of TLS and of the MSCHAPv2 peer challenge;
	// crypto/rand when nil.
	Rand io.Reader
}

// Inner is the phase 2 credential of PEAP and TTLS.
type Inner struct {
	Identity string        // the real user name, sent only inside the tunnel
	Hash     mschapv2.Hash // for MSCHAPv2
	Password string        // clear password, for TTLS with PAP only
	PAP      bool          // TTLS: PAP instead of MSCHAPv2
}

// tlsConfig pins TLS 1.2: EAP-TLS over TLS 1.3 (RFC 9190) has its own
// end-of-handshake signal and key labels, and PEAP and TTLS over TLS 1.3
// are not settled across servers. Certificate checks are Trust's, since
// the server's name is not a host name we dialled.
func (c *Config) tlsConfig() *tls.Config {
	return &tls.Config{
		Rand:               c.Rand,
		Certificates:       c.Certificates,
		InsecureSkipVerify: true, // replaced by VerifyConnection below
		VerifyConnection:   c.Trust.verify,
		MinVersion:         tls.VersionTLS12,
		MaxVersion:         tls.VersionTLS12,
	}
}

// NewTLS returns a fresh EAP-TLS run (RFC 5216).
func NewTLS(c *Config) eap.Method {
	return &session{typ: eap.TypeTLS, label: labelTLS, cfg: c.tlsConfig()}
}

// NewPEAP returns a fresh PEAPv0 run with EAP-MSCHAPv2 inside.
func NewPEAP(c *Config, in Inner) eap.Method {
	return &session{typ: eap.TypePEAP, label: labelTLS, cfg: c.tlsConfig(), inner: newPEAPInner(in, c.Rand)}
}

// NewTTLS returns a fresh EAP-TTLS run with PAP or MSCHAPv2 inside.
func NewTTLS(c *Config, in Inner) eap.Method {
	return &session{typ: eap.TypeTTLS, label: labelTTLS, cfg: c.tlsConfig(), inner: &ttlsInner{cred: in, rand: c.Rand}}
}
