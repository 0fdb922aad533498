package conf

import (
	"fmt"
	"strings"
)

// phase1Settings are the phase1= settings airroot's 802.1X honours as they
// are: it speaks PEAPv0 with the client EAP encryption label, over TLS 1.2
// only, so turning off the other TLS versions changes nothing.
var phase1Settings = map[string]bool{
	"peapver=0": true, "peaplabel=0": true,
	"tls_disable_tlsv1_0=1": true, "tls_disable_tlsv1_1=1": true, "tls_disable_tlsv1_3=1": true,
}

// phase1Refused are the phase1= settings airroot cannot honour, with why.
var phase1Refused = map[string]string{
	"peapver=1":             "it speaks PEAPv0 (peapver=0)",
	"peaplabel=1":           "it derives PEAPv0's keys with the client EAP encryption label (peaplabel=0)",
	"tls_disable_tlsv1_2=1": "it speaks TLS 1.2 only",
}

// checkPhase1 reads phase1=, space-separated settings: one airroot cannot
// honour is an error, one it does not use a warning, and left out of e's
// Phase1 so that the file airroot writes holds only what it honours.
func (p *parser) checkPhase1(e *EAP) error {
	var kept, unused []string
	for _, s := range strings.Fields(e.Phase1) {
		if why, refused := phase1Refused[s]; refused {
			return fmt.Errorf("%s is %w by airroot (%s)", s, ErrUnsupported, why)
		}
		if phase1Settings[s] {
			kept = append(kept, s)
		} else {
			unused = append(unused, s)
		}
	}
	if len(unused) > 0 {
		p.warnf("phase1: %s not used by airroot (it speaks PEAPv0 over TLS 1.2 and checks the certificates' dates)", strings.Join(unused, " "))
	}
	e.Phase1 = strings.Join(kept, " ")
	return nil
}
