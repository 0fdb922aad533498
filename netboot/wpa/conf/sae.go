package conf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/sae"
)

// SAEPWE is wpa_supplicant's sae_pwe: how SAE derives its password element
// (802.11-2020 12.4.4.2).
type SAEPWE int

// sae_pwe values, as wpa_supplicant numbers them.
const (
	SAEPWEHuntAndPeck   SAEPWE = 0 // hunting-and-pecking only (the default)
	SAEPWEHashToElement SAEPWE = 1 // hash-to-element only
	SAEPWEBoth          SAEPWE = 2 // hash-to-element when the access point offers it
)

func parseSAEPWE(v string) (SAEPWE, error) {
	switch v {
	case "0", "1", "2":
		return SAEPWE(v[0] - '0'), nil
	}
	return 0, fmt.Errorf("want 0, 1 or 2, got %q: %w", v, ErrSyntax)
}

// parseSAEGroups reads sae_groups=, wpa_supplicant's global list of SAE
// groups to propose in order, space-separated; empty means its default.
// Only the ECC groups airroot speaks are accepted: a group it would skip
// silently could leave a network that cannot join.
func parseSAEGroups(v string) ([]int, error) {
	var groups []int
	for _, f := range strings.Fields(v) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("want group numbers separated by spaces, got %q: %w", f, ErrSyntax)
		}
		if _, err := sae.LookupGroup(n); err != nil {
			return nil, fmt.Errorf("%w: %w", err, ErrUnsupported)
		}
		if slices.Contains(groups, n) {
			return nil, fmt.Errorf("group %d listed twice: %w", n, ErrSyntax)
		}
		groups = append(groups, n)
	}
	return groups, nil
}

// setSAEPassword reads sae_password=, kept as given: SAE needs the password
// itself, there is no hash of it to store instead. Errors never quote it.
func (b *block) setSAEPassword(v string) error {
	pass, err := parseString(v)
	if err != nil {
		return err
	}
	if pass == "" {
		return fmt.Errorf("empty SAE password: %w", ErrSyntax)
	}
	b.n.SAEPassword = pass
	return nil
}

func (b *block) setSAEPasswordID(v string) error {
	id, err := parseString(v)
	if err != nil {
		return err
	}
	if id == "" || len(id) > 253 {
		return fmt.Errorf("SAE password identifier must be 1..253 bytes, got %d: %w", len(id), ErrSyntax)
	}
	b.n.SAEPasswordID = id
	return nil
}

// applySAEGroups gives every SAE network the global sae_groups=, wherever
// the line stands: in wpa_supplicant it is one setting for the whole file,
// the last line winning.
func (c *Config) applySAEGroups() {
	for i := range c.Networks {
		if c.Networks[i].KeyMgmt&KeyMgmtSAE != 0 {
			c.Networks[i].SAEGroups = slices.Clone(c.SAEGroups)
		}
	}
}

// endSAE settles a block's SAE settings. psk="..." doubles as the SAE
// password when sae_password= is absent, as in wpa_supplicant. Management
// frame protection defaults to required for SAE alone (WPA3-Personal
// mandates it; wpa_supplicant.conf documents ieee80211w=2 with key_mgmt=SAE)
// and to optional in transition mode, where SAE uses it and WPA-PSK may not.
func (p *parser) endSAE(b *block) error {
	n := &b.n
	if n.KeyMgmt&KeyMgmtSAE == 0 {
		if n.SAEPassword != "" || n.SAEPasswordID != "" {
			p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line, "sae_password, sae_password_id: ignored without key_mgmt=SAE"})
		}
		n.SAEPassword, n.SAEPasswordID, n.SAEPWE = "", "", SAEPWEHuntAndPeck
		return nil
	}
	if !b.saePWESet {
		n.SAEPWE = p.cfg.SAEPWE
	}
	if n.SAEPassword == "" {
		n.SAEPassword = b.passphrase
	}
	sae := n.KeyMgmt == KeyMgmtSAE
	switch {
	case n.SAEPassword == "" && sae:
		return p.errorf(b.n.Line, "", "network %q: key_mgmt=SAE needs the password itself, in sae_password=\"...\" or psk=\"...\" (a PSK in hex cannot be used for SAE): %w", n.SSID, ErrSyntax)
	case n.SAEPassword == "":
		p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line, "key_mgmt: SAE left out: it needs the password itself (sae_password= or psk=\"...\"), not a PSK in hex"})
		n.KeyMgmt &^= KeyMgmtSAE
	case !b.mfpSet && sae:
		n.IEEE80211W = wpa.MFPRequired
	case !b.mfpSet:
		n.IEEE80211W = wpa.MFPOptional
	case n.IEEE80211W == wpa.MFPDisabled && sae:
		return p.errorf(b.n.Line, "ieee80211w", "network %q: SAE requires management frame protection (ieee80211w=1 or 2): %w", n.SSID, ErrUnsupported)
	}
	return nil
}

// SAEHashToElement decides the password element method for an access point
// that does (apH2E: its RSNXE has SAE hash-to-element) or does not offer
// hash-to-element, as wpa_supplicant does: a password identifier forces it
// (sae_pwe's documentation), sae_pwe=1 requires it, sae_pwe=2 takes it when
// offered. An error names the mismatch.
func (n Network) SAEHashToElement(apH2E bool) (bool, error) {
	wantH2E := n.SAEPWE == SAEPWEHashToElement || n.SAEPasswordID != ""
	switch {
	case wantH2E && !apH2E:
		return false, fmt.Errorf("network %q: sae_pwe=1 or sae_password_id needs hash-to-element, which the access point does not offer: %w", n.SSID, ErrUnsupported)
	case wantH2E, n.SAEPWE == SAEPWEBoth && apH2E:
		return true, nil
	}
	return false, nil
}

// marshalSAE writes the SAE lines of a network block. The password is
// written as given: the file must stay private (the builder stores it 0600).
func (n Network) marshalSAE() string {
	if n.KeyMgmt&KeyMgmtSAE == 0 {
		return ""
	}
	s := fmt.Sprintf("\tsae_password=%s\n", quoteString(n.SAEPassword))
	if n.SAEPasswordID != "" {
		s += fmt.Sprintf("\tsae_password_id=%s\n", quoteString(n.SAEPasswordID))
	}
	if n.SAEPWE != SAEPWEHuntAndPeck {
		s += fmt.Sprintf("\tsae_pwe=%d\n", n.SAEPWE)
	}
	return s
}
