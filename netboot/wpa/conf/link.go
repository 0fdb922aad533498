package conf

import (
	"fmt"
	"slices"
	"strings"
)

// linkSettings are the network settings whose values airroot has only one
// of: it joins access points (mode=0) with open system authentication
// (auth_alg=OPEN), RSN (proto=RSN, also spelt WPA2) and the CCMP pairwise
// cipher. A list that names airroot's value is honoured with a warning for
// the rest; one that does not is refused, since the network would never
// join.
var linkSettings = map[string]struct {
	supported []string
	why       string
}{
	"proto":    {[]string{"RSN", "WPA2"}, "it speaks RSN (WPA2/WPA3), not WPA1: remove proto= or write proto=RSN"},
	"pairwise": {[]string{"CCMP"}, "its pairwise cipher is CCMP: remove pairwise= or write pairwise=CCMP"},
	"auth_alg": {[]string{"OPEN"}, "it authenticates with OPEN (SHARED and LEAP are WEP's): remove auth_alg="},
	"mode":     {[]string{"0"}, "it joins access points (mode=0), not ad-hoc, access point or mesh networks"},
}

// otherNetworkSetting applies a network setting that network does not: the
// 802.1X ones, and those airroot refuses or warns about rather than skip.
func (p *parser) otherNetworkSetting(key, value string) error {
	b := p.block
	switch key {
	case "proto", "pairwise", "auth_alg", "mode":
		return p.checkLink(key, value)
	case "subject_match", "check_cert_subject":
		b.subjectLine, b.subjectKey = p.line, key // judged at the block's end
	case "ocsp":
		if value != "0" && value != "1" {
			return fmt.Errorf("%s requires OCSP, which is %w by airroot: remove ocsp= or write ocsp=0", value, ErrUnsupported)
		}
	case "wep_key0", "wep_key1", "wep_key2", "wep_key3", "wep_tx_keyidx":
		return fmt.Errorf("WEP is %w by airroot (it is broken: set the access point to WPA2 and write psk=)", ErrUnsupported)
	case "phase1":
		if _, err := b.eapSetting(key, value); err != nil {
			return err
		}
		return p.checkPhase1(b.n.EAP)
	case "country", "pmf", "sae_groups":
		p.warnf("%s: ignored inside network={}: it is a global setting, put it before the first network={", key)
	default:
		ok, err := b.eapSetting(key, value)
		if !ok {
			p.warnf("%s: ignored (airroot does not use this network setting)", key)
		}
		return err
	}
	return nil
}

// checkLink reads proto=, pairwise=, auth_alg= or mode= (see linkSettings).
func (p *parser) checkLink(key, v string) error {
	s := linkSettings[key]
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return fmt.Errorf("want %s: %w", strings.Join(s.supported, " or "), ErrSyntax)
	}
	var others []string
	for _, f := range fields {
		if !slices.Contains(s.supported, f) {
			others = append(others, f)
		}
	}
	switch {
	case len(others) == len(fields):
		return fmt.Errorf("%s is %w by airroot (%s)", v, ErrUnsupported, s.why)
	case len(others) > 0:
		p.warnf("%s: %s not supported, using %s", key, strings.Join(others, " "), s.supported[0])
	}
	return nil
}
