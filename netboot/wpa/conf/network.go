package conf

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/airroot/airroot/netboot/wpa"
)

// network applies one name=value line inside network={...}.
func (p *parser) network(key, value string) error {
	b := p.block
	var err error
	switch key {
	case "ssid":
		err = b.setSSID(value)
	case "psk":
		err = b.setPSK(value, p.line)
	case "key_mgmt":
		err = p.setKeyMgmt(value)
	case "scan_ssid":
		b.n.ScanSSID, err = parseBool(value)
	case "priority":
		b.n.Priority, err = parseInt(value)
	case "bssid":
		b.n.BSSID, err = parseBSSID(value)
	case "freq_list":
		b.n.FreqList, err = parseFreqList(value)
	case "scan_freq":
		b.n.ScanFreq, err = parseFreqList(value)
	case "disabled":
		b.n.Disabled, err = parseBool(value)
	case "ieee80211w":
		err = b.setMFP(value)
	case "group":
		err = p.setGroup(value)
	case "sae_password":
		err = b.setSAEPassword(value)
	case "sae_password_id":
		err = b.setSAEPasswordID(value)
	case "sae_pwe":
		b.n.SAEPWE, err = parseSAEPWE(value)
		b.saePWESet = true
	default:
		err = p.otherNetworkSetting(key, value)
	}
	if err != nil {
		return p.errorf(p.line, key, "%w", err)
	}
	return nil
}

func (b *block) setSSID(v string) error {
	s, err := parseString(v)
	if err != nil {
		return err
	}
	if len(s) < 1 || len(s) > 32 {
		return fmt.Errorf("SSID must be 1..32 bytes, got %d: %w", len(s), ErrSyntax)
	}
	b.n.SSID, b.ssidSet = s, true
	return nil
}

// setPSK keeps a quoted pass-phrase until the block ends (the PSK depends
// on the SSID, which may come later) or decodes 64 hex digits. Errors never
// quote the value.
func (b *block) setPSK(v string, line int) error {
	b.pskLine = line
	if strings.HasPrefix(v, `"`) {
		pass, err := parseString(v)
		if err != nil {
			return err
		}
		if err := wpa.CheckPassphrase(pass); err != nil {
			return err
		}
		b.passphrase = pass
		return nil
	}
	raw, err := hex.DecodeString(v)
	if err != nil || len(raw) != 32 {
		return fmt.Errorf("want a \"quoted pass-phrase\" or 64 hex digits: %w", ErrSyntax)
	}
	b.n.PSK, b.passphrase = [32]byte(raw), ""
	return nil
}

// setKeyMgmt reads key_mgmt=, a list: the PSK, SAE and 802.1X AKMs it names
// form a set; between NONE and those, the first listed wins.
func (p *parser) setKeyMgmt(v string) error {
	fields := strings.Fields(v)
	var psk KeyMgmt
	var none bool
	var others []string
	for _, m := range fields {
		switch m {
		case "WPA-PSK":
			psk |= KeyMgmtWPAPSK
		case "WPA-PSK-SHA256":
			psk |= KeyMgmtWPAPSKSHA256
		case "SAE":
			psk |= KeyMgmtSAE
		case "WPA-EAP":
			psk |= KeyMgmtWPAEAP
		case "WPA-EAP-SHA256":
			psk |= KeyMgmtWPAEAPSHA256
		case "NONE":
			none = true
		default:
			others = append(others, m)
		}
	}
	chosen := psk
	switch {
	case none && (psk == 0 || fields[0] == "NONE"):
		chosen = KeyMgmtNone
		if psk != 0 {
			others = append(others, psk.String())
		}
	case none:
		others = append(others, "NONE")
	}
	if len(fields) == 0 {
		return fmt.Errorf("want WPA-PSK, WPA-PSK-SHA256, SAE, WPA-EAP, WPA-EAP-SHA256 or NONE: %w", ErrSyntax)
	}
	if chosen == 0 {
		return fmt.Errorf("%s is %w by airroot (it speaks WPA-PSK, WPA-PSK-SHA256, SAE, WPA-EAP, WPA-EAP-SHA256 and NONE)", strings.Join(others, " "), ErrUnsupported)
	}
	if len(others) > 0 {
		p.warnf("key_mgmt: %s not supported, using %s", strings.Join(others, " "), chosen)
	}
	p.block.n.KeyMgmt, p.block.keyMgmtSet = chosen, true
	return nil
}

// setGroup reads group=, the group ciphers the network accepts. CCMP is
// always accepted; TKIP, which a router in WPA/WPA2 mixed mode uses for
// broadcast frames, unless group= is given without it (wpa_supplicant's
// default is "CCMP TKIP").
func (p *parser) setGroup(v string) error {
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return fmt.Errorf("want CCMP and/or TKIP: %w", ErrSyntax)
	}
	p.block.n.GroupCCMPOnly = true
	var others []string
	for _, c := range fields {
		switch c {
		case "TKIP":
			p.block.n.GroupCCMPOnly = false
		case "CCMP":
		default:
			others = append(others, c)
		}
	}
	if len(others) > 0 {
		p.warnf("group: %s not supported, airroot accepts CCMP and, unless left out, TKIP", strings.Join(others, " "))
	}
	return nil
}

func (b *block) setMFP(v string) error {
	mfp, err := parseMFP(v)
	b.n.IEEE80211W, b.mfpSet = mfp, err == nil
	return err
}

// parseMFP reads ieee80211w= or the global pmf=: 0 disabled, 1 optional, 2
// required.
func parseMFP(v string) (wpa.MFP, error) {
	switch v {
	case "0", "1", "2":
		return wpa.MFP(v[0] - '0'), nil
	}
	return 0, fmt.Errorf("want 0, 1 or 2, got %q: %w", v, ErrSyntax)
}
