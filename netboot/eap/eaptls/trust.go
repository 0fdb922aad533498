package eaptls

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"github.com/airroot/airroot/netboot/eap"
)

// Trust is what lets the peer believe it talks to the right server: a
// Wi-Fi network's 802.1X server can be impersonated by any access point,
// and the password (or its MSCHAPv2 response) goes to whoever it is.
type Trust struct {
	// Roots are the CAs of ca_cert=; the server's chain must lead to one.
	Roots *x509.CertPool
	// DomainSuffix are domain_suffix_match= names: a DNS name of the
	// server certificate must equal one or end in "."+it.
	DomainSuffix []string
	// DomainExact are domain_match= names: a DNS name must equal one.
	DomainExact []string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// clockUnset is a time before any certificate we would accept was issued:
// a Raspberry Pi has no battery-backed clock and boots in 1970.
var clockUnset = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// verify is the tls.Config VerifyConnection callback.
func (tr Trust) verify(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return fmt.Errorf("server sent no certificate: %w", eap.ErrUntrusted)
	}
	leaf := cs.PeerCertificates[0]
	if tr.Roots == nil && len(tr.DomainSuffix) == 0 && len(tr.DomainExact) == 0 {
		// No silent trust on first use: say what to configure.
		return fmt.Errorf("%w: %s; set ca_cert= to the CA that issued it and domain_suffix_match= to the server's name",
			eap.ErrUntrusted, describe(leaf))
	}
	if tr.Roots != nil {
		if err := tr.verifyChain(cs.PeerCertificates); err != nil {
			return fmt.Errorf("%w: %s: %w", eap.ErrUntrusted, describe(leaf), err)
		}
	}
	if !tr.nameMatches(leaf) {
		return fmt.Errorf("%w: %s, names %s, match neither domain_suffix_match=%s nor domain_match=%s",
			eap.ErrUntrusted, describe(leaf), shortList(names(leaf)),
			strings.Join(tr.DomainSuffix, ";"), strings.Join(tr.DomainExact, ";"))
	}
	return nil
}

// verifyChain checks the chain against Roots. With the clock unset it
// checks validity at the newest NotBefore of the chain instead of now:
// expiry cannot be judged without a clock, but the signatures still can.
func (tr Trust) verifyChain(chain []*x509.Certificate) error {
	now := time.Now()
	if tr.Now != nil {
		now = tr.Now()
	}
	if now.Before(clockUnset) {
		for _, c := range chain {
			if c.NotBefore.After(now) {
				now = c.NotBefore
			}
		}
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{
		Roots: tr.Roots, Intermediates: inter, CurrentTime: now,
		// RADIUS certificates often lack the serverAuth usage.
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	return err
}

// nameMatches applies domain_suffix_match and domain_match, which
// wpa_supplicant compares with the dNSName entries, or the common name when
// there are none; no constraint means any name.
func (tr Trust) nameMatches(leaf *x509.Certificate) bool {
	if len(tr.DomainSuffix) == 0 && len(tr.DomainExact) == 0 {
		return true
	}
	for _, n := range names(leaf) {
		n = strings.ToLower(strings.TrimSuffix(n, "."))
		for _, s := range tr.DomainSuffix {
			s = strings.ToLower(strings.TrimPrefix(strings.TrimSuffix(s, "."), "."))
			if n == s || strings.HasSuffix(n, "."+s) {
				return true
			}
		}
		for _, e := range tr.DomainExact {
			if n == strings.ToLower(strings.TrimSuffix(e, ".")) {
				return true
			}
		}
	}
	return false
}

func names(c *x509.Certificate) []string {
	if len(c.DNSNames) > 0 {
		return c.DNSNames
	}
	return []string{c.Subject.CommonName}
}

func describe(c *x509.Certificate) string {
	return fmt.Sprintf("server certificate subject %q issued by %q", c.Subject.String(), c.Issuer.String())
}

// shortList joins up to three names; a certificate may carry hundreds.
func shortList(n []string) string {
	if len(n) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(n[:3], ","), len(n)-3)
	}
	return strings.Join(n, ",")
}
