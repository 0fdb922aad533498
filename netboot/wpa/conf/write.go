package conf

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Marshal encodes the network as a network={...} block. The PSK is written
// as 64 hex digits: a pass-phrase is never stored.
func (n Network) Marshal() ([]byte, error) {
	if err := n.check(); err != nil {
		return nil, fmt.Errorf("write network %q: %w", n.SSID, err)
	}
	var b bytes.Buffer
	b.WriteString("network={\n")
	fmt.Fprintf(&b, "\tssid=%s\n", quoteString(n.SSID))
	fmt.Fprintf(&b, "\tkey_mgmt=%s\n", n.KeyMgmt)
	if n.KeyMgmt.PSK() {
		fmt.Fprintf(&b, "\tpsk=%x\n", n.PSK)
	}
	if n.KeyMgmt.EAP() {
		n.EAP.marshal(&b)
	}
	b.WriteString(n.marshalSAE())
	if n.GroupCCMPOnly {
		b.WriteString("\tgroup=CCMP\n")
	}
	if n.ScanSSID {
		b.WriteString("\tscan_ssid=1\n")
	}
	if n.Priority != 0 {
		fmt.Fprintf(&b, "\tpriority=%d\n", n.Priority)
	}
	if n.BSSID != nil {
		fmt.Fprintf(&b, "\tbssid=%s\n", n.BSSID)
	}
	writeFreqs(&b, "freq_list", n.FreqList)
	writeFreqs(&b, "scan_freq", n.ScanFreq)
	if n.Disabled {
		b.WriteString("\tdisabled=1\n")
	}
	if n.IEEE80211W != 0 {
		fmt.Fprintf(&b, "\tieee80211w=%d\n", n.IEEE80211W)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

func (n Network) check() error {
	switch {
	case len(n.SSID) < 1 || len(n.SSID) > 32:
		return fmt.Errorf("SSID must be 1..32 bytes, got %d: %w", len(n.SSID), ErrSyntax)
	case !n.KeyMgmt.valid():
		return fmt.Errorf("key management %v: %w", n.KeyMgmt, ErrUnsupported)
	case n.KeyMgmt.EAP():
		return n.EAP.check()
	case n.BSSID != nil && len(n.BSSID) != 6:
		return fmt.Errorf("BSSID of %d bytes: %w", len(n.BSSID), ErrSyntax)
	case n.KeyMgmt&KeyMgmtSAE != 0 && n.SAEPassword == "":
		return fmt.Errorf("key_mgmt=SAE without an SAE password: %w", ErrSyntax)
	case n.IEEE80211W < 0 || n.IEEE80211W > 2:
		return fmt.Errorf("ieee80211w=%d, want 0, 1 or 2: %w", n.IEEE80211W, ErrSyntax)
	}
	for _, f := range slices.Concat(n.FreqList, n.ScanFreq) {
		if f <= 0 || f > 100000 {
			return fmt.Errorf("frequency %d MHz: %w", f, ErrSyntax)
		}
	}
	return nil
}

// writeFreqs writes a list of frequencies as key=2412 2437, nothing when
// there are none.
func writeFreqs(b *bytes.Buffer, key string, freqs []int) {
	if len(freqs) == 0 {
		return
	}
	s := make([]string, len(freqs))
	for i, f := range freqs {
		s[i] = strconv.Itoa(f)
	}
	fmt.Fprintf(b, "\t%s=%s\n", key, strings.Join(s, " "))
}

// quoteString writes printable ASCII quoted and anything else as hex.
func quoteString(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return hex.EncodeToString([]byte(s))
		}
	}
	return `"` + s + `"`
}

// WriteConfig writes c as a wpa_supplicant.conf that Parse and
// wpa_supplicant both read, with PSKs in hex only.
func WriteConfig(w io.Writer, c *Config) error {
	var b bytes.Buffer
	b.WriteString("# Written by airroot. WPA-PSK pass-phrases are stored only as their PSK;\n# SAE passwords as given (SAE cannot use a hash of them): keep this file private.\n")
	if c.Country != "" {
		country, err := parseCountry(c.Country)
		if err != nil {
			return fmt.Errorf("write %s: country: %w", DefaultFile, err)
		}
		fmt.Fprintf(&b, "country=%s\n", country)
	}
	if c.SAEPWE != SAEPWEHuntAndPeck {
		fmt.Fprintf(&b, "sae_pwe=%d\n", c.SAEPWE)
	}
	if len(c.SAEGroups) > 0 {
		groups := make([]string, len(c.SAEGroups))
		for i, g := range c.SAEGroups {
			groups[i] = strconv.Itoa(g)
		}
		fmt.Fprintf(&b, "sae_groups=%s\n", strings.Join(groups, " "))
	}
	for _, n := range c.Networks {
		block, err := n.Marshal()
		if err != nil {
			return fmt.Errorf("write %s: %w", DefaultFile, err)
		}
		b.WriteString("\n")
		b.Write(block)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", DefaultFile, err)
	}
	return nil
}
