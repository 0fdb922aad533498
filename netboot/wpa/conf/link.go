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
