package eaptls

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/eap"
)

func TestTrust(t *testing.T) {
	p := newPKI(t, "Test CA", "radius.example.org")
	state := tls.ConnectionState{PeerCertificates: []*x509.Certificate{p.server.Leaf}}
	boot := func() time.Time { return time.Unix(0, 0) } // a Pi without a clock
	late := func() time.Time { return time.Now().Add(48 * time.Hour) }
	tests := []struct {
		name  string
		trust Trust
		ok    bool
	}{
		{"CA", Trust{Roots: p.roots}, true},
		{"CA and suffix", Trust{Roots: p.roots, DomainSuffix: []string{"example.org"}}, true},
		{"suffix on a label boundary only", Trust{Roots: p.roots, DomainSuffix: []string{"ample.org"}}, false},
		{"suffix list", Trust{Roots: p.roots, DomainSuffix: []string{"example.com", ".EXAMPLE.ORG."}}, true},
		{"exact", Trust{Roots: p.roots, DomainExact: []string{"radius.example.org"}}, true},
		{"exact is not a suffix", Trust{Roots: p.roots, DomainExact: []string{"example.org"}}, false},
		{"suffix alone", Trust{DomainSuffix: []string{"example.org"}}, true},
		{"nothing", Trust{}, false},
		{"clock unset", Trust{Roots: p.roots, Now: boot}, true},
		{"expired", Trust{Roots: p.roots, Now: late}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.trust.verify(state)
			if (err == nil) != tt.ok || err != nil && !errors.Is(err, eap.ErrUntrusted) {
				t.Fatalf("verify = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
