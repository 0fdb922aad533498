package conf

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/airroot/airroot/netboot/wpa"
)

// Parse reads a wpa_supplicant.conf. Global settings other than country=
// and unknown network settings are reported as warnings, never errors; a
// value airroot cannot use is a *ParseError naming the line. A network
// block that needs what airroot does not speak (WEP, an EAP method it
// lacks: ErrUnsupported) is left out with a warning naming why, so that an
// old network at the end of a file does not cost the board the ones it can
// join; when it leaves out every network, that is the error. Pass-phrases
// are turned into PSKs here and not kept.
func Parse(r io.Reader) (*Config, []Warning, error) {
	p := &parser{cfg: &Config{}}
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); isUTF16(head) {
		return nil, nil, p.errorf(1, "", "the file is UTF-16 (Windows Notepad's \"Unicode\"): save it as UTF-8 or ANSI: %w", ErrSyntax)
	}
	sc := bufio.NewScanner(br)
	for sc.Scan() {
		p.line++
		raw := sc.Text()
		if p.line == 1 {
			// A UTF-8 byte order mark, which Windows editors put before
			// the first line of a file edited on the boot partition.
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		if text := cleanLine(raw); text != "" {
			if err := p.handle(text); err != nil {
				return nil, p.warnings, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, p.warnings, p.errorf(p.line+1, "", "line longer than %d bytes: %w", bufio.MaxScanTokenSize, ErrSyntax)
		}
		return nil, p.warnings, fmt.Errorf("read %s: %w", DefaultFile, err)
	}
	if p.block != nil {
		return nil, p.warnings, p.errorf(p.block.n.Line, "", "network block has no closing }: %w", ErrSyntax)
	}
	if len(p.cfg.Networks) == 0 && len(p.skipped) > 0 {
		return nil, p.withoutSkips(), p.allSkipped()
	}
	p.cfg.applySAEGroups()
	p.applyPMF()
	p.applyScanFreq()
	return p.cfg, p.warnings, nil
}

// isUTF16 reports whether a file starts as UTF-16 does: a byte order mark,
// or, without one, an ASCII character's zero high byte.
func isUTF16(head []byte) bool {
	if len(head) < 2 {
		return false
	}
	le, be := head[0] == 0xff && head[1] == 0xfe, head[0] == 0xfe && head[1] == 0xff
	return le || be || (head[0] == 0) != (head[1] == 0)
}

// cleanLine strips leading and trailing white space and a # comment; as in
// wpa_supplicant, a # between the first and the last double quote of the
// line is part of the value.
func cleanLine(s string) string {
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, "#") {
		return ""
	}
	from := 0
	if first := strings.IndexByte(s, '"'); first >= 0 {
		if last := strings.LastIndexByte(s, '"'); last > first {
			from = last
		}
	}
	if i := strings.IndexByte(s[from:], '#'); i >= 0 {
		s = s[:from+i]
	}
	return strings.TrimRight(s, " \t\r")
}

type parser struct {
	cfg      *Config
	warnings []Warning
	line     int
	block    *block // the open network={...}
	skipping bool   // inside a block other than network={...}
	pmf      wpa.MFP
	// pmfDefault are the networks without ieee80211w=, which take the
	// global pmf= wherever its line stands.
	pmfDefault []int
	// scanFreq is the global freq_list=: the channels every scan is
	// limited to, wherever its line stands (applyScanFreq).
	scanFreq []int
	// skipped are why the network blocks left out were (see Parse), and
	// skipWarnings where the warnings that say so are in warnings.
	skipped      []error
	skipWarnings []int
}

// block is a network={...} being read.
type block struct {
	n          Network
	ssidSet    bool
	keyMgmtSet bool
	pskLine    int    // 0: no psk=
	passphrase string // from psk="..."; "" when psk= was hex
	mfpSet     bool   // ieee80211w= given
	// subjectLine is the line of subject_match= or check_cert_subject=
	// (subjectKey), 0 for none: checks of the server's subject airroot
	// does not make.
	subjectLine int
	subjectKey  string
	saePWESet   bool // sae_pwe= given in the block
	// unsupported is the first setting of the block airroot cannot
	// honour (ErrUnsupported): the block is left out at its end.
	unsupported error
}

func (p *parser) handle(text string) error {
	compact := strings.ReplaceAll(text, " ", "")
	switch {
	case p.skipping:
		p.skipping = text != "}"
	case strings.HasPrefix(compact, "network={") && compact != "network={":
		return p.errorf(p.line, "", "network={ must end its line: each setting on a line of its own, and } alone on the last "+
			"(wpa_supplicant reads no one-line block): %w", ErrSyntax)
	case strings.HasPrefix(text, "}") && text != "}":
		// "}network={", as eduroam CAT's installer joins two blocks: the
		// one's end and the other's start, read as two lines.
		if p.block == nil || strings.TrimSpace(compact[1:]) != "network={" {
			return p.errorf(p.line, "", "} must be alone on its line (a block's end, then network={ on the next line): %w", ErrSyntax)
		}
		if err := p.endBlock(); err != nil {
			return err
		}
		p.block = &block{n: Network{Line: p.line}}
	case compact == "network={":
		if p.block != nil {
			return p.errorf(p.line, "", "network={ inside a network block (missing }?): %w", ErrSyntax)
		}
		p.block = &block{n: Network{Line: p.line}}
	case text == "}":
		if p.block == nil {
			return p.errorf(p.line, "", "} without network={: %w", ErrSyntax)
		}
		return p.endBlock()
	case p.block == nil && strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]"):
		return p.errorf(p.line, "", "%s is a NetworkManager keyfile's section: airroot reads wpa_supplicant.conf "+
			"(network={ ssid=\"...\" psk=\"...\" }): %w", text, ErrSyntax)
	case strings.HasSuffix(compact, "={") && p.block == nil:
		p.warnf("%s block ignored", strings.TrimSuffix(compact, "={"))
		p.skipping = true
	default:
		key, value, ok := strings.Cut(text, "=")
		if !ok && isYAMLKey(text) {
			return p.errorf(p.line, "", "line is not name=value but YAML's name: value, as in a netplan or cloud-init network-config: "+
				"airroot reads wpa_supplicant.conf (network={ ssid=\"...\" psk=\"...\" }): %w", ErrSyntax)
		}
		if !ok {
			return p.errorf(p.line, "", "line is not name=value: %w", ErrSyntax)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if p.block == nil {
			return p.global(key, value)
		}
		err := p.network(key, value)
		if !errors.Is(err, ErrUnsupported) {
			return err
		}
		if p.block.unsupported == nil {
			p.block.unsupported = err
		}
	}
	return nil
}

// globalKeys are the global settings airroot reads; the warning about the
// others lists them.
var globalKeys = []string{"country", "pmf", "sae_pwe", "sae_groups", "freq_list"}

// isYAMLKey reports whether text starts as a YAML mapping's "name:" does.
func isYAMLKey(text string) bool {
	name, rest, ok := strings.Cut(text, ":")
	return ok && name != "" && !strings.ContainsAny(name, " \t\"") && (rest == "" || rest[0] == ' ')
}

func (p *parser) global(key, value string) error {
	var err error
	switch key {
	case "country":
		p.cfg.Country, err = parseCountry(value)
	case "pmf":
		p.pmf, err = parseMFP(value)
	case "sae_pwe":
		p.cfg.SAEPWE, err = parseSAEPWE(value)
	case "sae_groups":
		p.cfg.SAEGroups, err = parseSAEGroups(value)
	case "freq_list":
		p.scanFreq, err = parseFreqList(value)
	default:
		p.warnf("%s: ignored (airroot reads only %s= and network={} blocks)", key, strings.Join(globalKeys, "=, "))
	}
	if err != nil {
		return p.errorf(p.line, key, "%w", err)
	}
	return nil
}

// endBlock ends the open block: the network is added, or, when it needs
// what airroot does not speak, left out (see Parse).
func (p *parser) endBlock() error {
	b := p.block
	p.block = nil
	err := b.unsupported
	if err == nil {
		err = p.addNetwork(b)
	}
	if !errors.Is(err, ErrUnsupported) || !b.ssidSet {
		return err
	}
	p.skipped, p.skipWarnings = append(p.skipped, err), append(p.skipWarnings, len(p.warnings))
	p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line,
		fmt.Sprintf("network %q left out: airroot cannot join it (%s)", b.n.SSID, lineReason(err))})
	return nil
}

// allSkipped is the error when every network was left out: the first
// one's, naming the others' reasons too, on one line and as one
// *ParseError, which callers name the file in.
func (p *parser) allSkipped() error {
	var first *ParseError
	if len(p.skipped) == 1 || !errors.As(p.skipped[0], &first) {
		return p.skipped[0]
	}
	others := make([]string, len(p.skipped)-1)
	for i, err := range p.skipped[1:] {
		others[i] = lineReason(err)
	}
	return &ParseError{File: first.File, Line: first.Line, Key: first.Key,
		Err: fmt.Errorf("%w; and no other network either: %s", first.Err, strings.Join(others, "; "))}
}

// lineReason is err without the file's name, which the warning carrying it
// gives (the caller may rename the file: the card's, the host's path).
func lineReason(err error) string {
	var pe *ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	return fmt.Sprintf("line %d: %s", pe.Line, pe.what())
}

// withoutSkips is the warnings but those of the networks left out: when
// every network is, the error says it all.
func (p *parser) withoutSkips() []Warning {
	var out []Warning
	for i, w := range p.warnings {
		if !slices.Contains(p.skipWarnings, i) {
			out = append(out, w)
		}
	}
	return out
}

// addNetwork checks the block b and adds its network.
func (p *parser) addNetwork(b *block) error {
	if !b.ssidSet {
		return p.errorf(b.n.Line, "", "network block has no ssid: %w", ErrSyntax)
	}
	if !b.keyMgmtSet {
		// wpa_supplicant's default is "WPA-PSK WPA-EAP": the psk= or the
		// 802.1X settings the block has say which.
		switch {
		case b.pskLine != 0:
			b.n.KeyMgmt = KeyMgmtWPAPSK
		case b.n.EAP != nil:
			b.n.KeyMgmt = KeyMgmtWPAEAP
		default:
			return p.errorf(b.n.Line, "", "network %q has no psk (add psk=, the 802.1X settings with key_mgmt=WPA-EAP, or key_mgmt=NONE): %w", b.n.SSID, ErrSyntax)
		}
	}
	if b.n.KeyMgmt.EAP() && b.n.KeyMgmt.PSK() && b.pskLine != 0 && b.n.EAP == nil {
		// "WPA-PSK WPA-EAP" with a psk= and nothing of 802.1X, as
		// wpa_supplicant's own example: the PSK is what it joins with.
		b.n.KeyMgmt &^= KeyMgmtWPAEAP | KeyMgmtWPAEAPSHA256
		p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line, "key_mgmt: WPA-EAP left out: the network has a psk= and no eap="})
	}
	if err := p.endEAP(b); err != nil {
		return err
	}
	if err := p.endSAE(b); err != nil {
		return err
	}
	switch {
	case b.n.KeyMgmt.PSK() && b.pskLine == 0:
		return p.errorf(b.n.Line, "", "network %q: key_mgmt=%s needs psk=: %w", b.n.SSID, b.n.KeyMgmt, ErrSyntax)
	case b.n.KeyMgmt == KeyMgmtNone:
		if b.pskLine != 0 {
			p.warnings = append(p.warnings, Warning{DefaultFile, b.pskLine, "psk: ignored with key_mgmt=NONE"})
		}
		b.n.PSK = [32]byte{}
	case b.passphrase != "" && b.n.KeyMgmt.PSK():
		psk, err := wpa.PSK(b.passphrase, b.n.SSID)
		if err != nil {
			return p.errorf(b.pskLine, "psk", "%w", err)
		}
		b.n.PSK = psk
	}
	if !b.mfpSet {
		p.pmfDefault = append(p.pmfDefault, len(p.cfg.Networks))
	}
	p.cfg.Networks = append(p.cfg.Networks, b.n)
	return nil
}

// applyPMF gives the networks without ieee80211w= the global pmf=, which
// wpa_supplicant.conf documents as their default, unless airroot's own
// default for the network is stronger (required for SAE alone).
func (p *parser) applyPMF() {
	for _, i := range p.pmfDefault {
		n := &p.cfg.Networks[i]
		n.IEEE80211W = max(n.IEEE80211W, p.pmf)
	}
}

// applyScanFreq limits the scans for each network to the global
// freq_list=, as wpa_supplicant limits all its scans to it: as the
// network's scan_freq=, or, with one of its own, to the channels on both.
func (p *parser) applyScanFreq() {
	if p.scanFreq == nil {
		return
	}
	for i := range p.cfg.Networks {
		n := &p.cfg.Networks[i]
		if n.ScanFreq == nil {
			n.ScanFreq = slices.Clone(p.scanFreq)
			continue
		}
		n.ScanFreq = slices.DeleteFunc(n.ScanFreq, func(f int) bool { return !slices.Contains(p.scanFreq, f) })
		if len(n.ScanFreq) == 0 { // none of its own allowed: the global list, never every channel
			n.ScanFreq = slices.Clone(p.scanFreq)
		}
	}
}

func (p *parser) warnf(format string, args ...any) {
	p.warnings = append(p.warnings, Warning{DefaultFile, p.line, fmt.Sprintf(format, args...)})
}

func (p *parser) errorf(line int, key, format string, args ...any) error {
	return &ParseError{File: DefaultFile, Line: line, Key: key, Err: fmt.Errorf(format, args...)}
}
