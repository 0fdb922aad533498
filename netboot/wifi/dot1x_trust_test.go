package wifi

import (
	"testing"

	"github.com/airroot/airroot/netboot/wpa/conf"
	"github.com/google/go-cmp/cmp"
)

// TestTLSConfigServerNames: the names the server certificate must carry
// come from domain_suffix_match=, domain_match= and eduroam CAT's
// altsubject_match=DNS:..., which wpa_supplicant matches exactly too.
func TestTLSConfigServerNames(t *testing.T) {
	tests := []struct {
		name          string
		e             conf.EAP
		suffix, exact []string
	}{
		{"domain_suffix_match", conf.EAP{DomainSuffixMatch: "example.org"}, []string{"example.org"}, nil},
		{"altsubject_match", conf.EAP{AltSubjectMatch: "DNS:r1.example.org;DNS:r2.example.org"},
			nil, []string{"r1.example.org", "r2.example.org"}},
		{"domain_match and altsubject_match", conf.EAP{DomainMatch: "r.example.org", AltSubjectMatch: "DNS:r1.example.org"},
			nil, []string{"r.example.org", "r1.example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := tlsConfig(&tt.e, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.suffix, cfg.Trust.DomainSuffix); diff != "" {
				t.Errorf("DomainSuffix (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.exact, cfg.Trust.DomainExact); diff != "" {
				t.Errorf("DomainExact (-want +got):\n%s", diff)
			}
		})
	}
}
