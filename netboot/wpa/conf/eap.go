package conf

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/airroot/airroot/netboot/eap/mschapv2"
)

// EAP is the 802.1X part of a network with key_mgmt=WPA-EAP, as
// wpa_supplicant names its settings. File settings hold paths.
type EAP struct {
	Methods           []string       // eap=: PEAP, TTLS and/or TLS, in order of preference
	Identity          string         // identity=: the user, sent inside the tunnel
	AnonymousIdentity string         // anonymous_identity=: the outer identity
	Password          string         // password="...": clear, "" when Hash is set
	Hash              *mschapv2.Hash // password=hash:...: the NT hash, for MSCHAPv2
	CACert            string         // ca_cert=: PEM file of the CAs the server's chain must lead to
	ClientCert        string         // client_cert=: PEM certificate for EAP-TLS
	PrivateKey        string         // private_key=: PEM key for EAP-TLS
	PrivateKeyPasswd  string         // private_key_passwd=
	Phase1            string         // phase1=: e.g. "peapver=0"
	Phase2            string         // phase2=: "auth=MSCHAPV2" or "auth=PAP"
	DomainSuffixMatch string         // domain_suffix_match=
	DomainMatch       string         // domain_match=
	// AltSubjectMatch is altsubject_match=, what eduroam CAT writes:
	// DNS:name entries separated by ';', one of which the server
	// certificate's DNS names must hold (see AltSubjectDNS).
	AltSubjectMatch string
}

// eapMethods are the eap= methods airroot speaks.
var eapMethods = []string{"PEAP", "TTLS", "TLS"}

// String describes the settings without the password or the key's
// pass-phrase.
func (e *EAP) String() string {
	return fmt.Sprintf("EAP %s identity %q", strings.Join(e.Methods, " "), e.Identity)
}

// GoString is String, so that %#v prints no secret either.
func (e *EAP) GoString() string { return e.String() }

// InnerPAP reports whether TTLS's phase 2 is PAP (phase2="auth=PAP"),
// which needs the clear password; otherwise the inner method is MSCHAPv2.
func (e *EAP) InnerPAP() bool { return strings.Contains(e.Phase2, "auth=PAP") }

// HashPassword replaces a clear password by its NT hash when every method
// the network allows runs MSCHAPv2 inside, so the hash is all that is
// stored. It reports whether it did.
func (e *EAP) HashPassword() bool {
	if e.Password == "" || e.InnerPAP() || !slices.ContainsFunc(e.Methods, func(m string) bool { return m != "TLS" }) {
		return false
	}
	h := mschapv2.NTPasswordHash(e.Password)
	e.Hash, e.Password = &h, ""
	return true
}

// eapKeys are the 802.1X settings of a network block.
var eapKeys = []string{
	"eap", "identity", "anonymous_identity", "password", "ca_cert", "client_cert", "private_key",
	"private_key_passwd", "phase1", "phase2", "domain_suffix_match", "domain_match", "altsubject_match",
}

// eapSetting applies one 802.1X setting; ok is false for keys that are not
// 802.1X settings.
func (b *block) eapSetting(key, value string) (ok bool, err error) {
	if !slices.Contains(eapKeys, key) {
		return false, nil
	}
	if b.n.EAP == nil {
		b.n.EAP = &EAP{}
	}
	e := b.n.EAP
	switch key {
	case "eap":
		return true, e.setMethods(value)
	case "password":
		return true, e.setPassword(value)
	}
	fields := map[string]*string{
		"identity": &e.Identity, "anonymous_identity": &e.AnonymousIdentity,
		"ca_cert": &e.CACert, "client_cert": &e.ClientCert, "private_key": &e.PrivateKey,
		"private_key_passwd": &e.PrivateKeyPasswd, "phase1": &e.Phase1, "phase2": &e.Phase2,
		"domain_suffix_match": &e.DomainSuffixMatch, "domain_match": &e.DomainMatch,
		"altsubject_match": &e.AltSubjectMatch,
	}
	v, err := parseString(value)
	if err == nil && strings.ContainsFunc(v, isControl) {
		err = fmt.Errorf("control characters are not allowed here: %w", ErrSyntax)
	}
	if err == nil && key == "altsubject_match" {
		err = checkAltSubject(v)
	}
	*fields[key] = v
	return true, err
}

// checkAltSubject accepts altsubject_match= lists of DNS: entries: airroot
// checks the server certificate's DNS names, not its e-mail or URI ones.
func checkAltSubject(v string) error {
	if v == "" {
		return nil
	}
	for _, entry := range strings.Split(v, ";") {
		if name, ok := strings.CutPrefix(entry, "DNS:"); !ok || name == "" {
			return fmt.Errorf("entry %q is %w by airroot (it checks DNS:name entries; for EMAIL: or URI: use domain_suffix_match= with the server's DNS name)", entry, ErrUnsupported)
		}
	}
	return nil
}

// AltSubjectDNS returns the names of altsubject_match='s DNS: entries, which
// the server certificate's DNS names must hold one of, exactly.
func (e *EAP) AltSubjectDNS() []string {
	var names []string
	for _, entry := range strings.Split(e.AltSubjectMatch, ";") {
		if name, ok := strings.CutPrefix(entry, "DNS:"); ok && name != "" {
			names = append(names, name)
		}
	}
	return names
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func (e *EAP) setMethods(v string) error {
	e.Methods = nil
	for _, m := range strings.Fields(strings.ToUpper(v)) {
		if !slices.Contains(eapMethods, m) {
			return fmt.Errorf("method %s is %w by airroot (it speaks PEAP, TTLS and TLS)", m, ErrUnsupported)
		}
		e.Methods = append(e.Methods, m)
	}
	if len(e.Methods) == 0 {
		return fmt.Errorf("want PEAP, TTLS and/or TLS: %w", ErrSyntax)
	}
	return nil
}

// setPassword reads password="clear" or password=hash:<32 hex digits>.
// Errors never quote the value.
func (e *EAP) setPassword(v string) error {
	if h, ok := strings.CutPrefix(v, "hash:"); ok {
		raw, err := hex.DecodeString(h)
		if err != nil || len(raw) != 16 {
			return fmt.Errorf("want hash: and 32 hex digits (the NT password hash): %w", ErrSyntax)
		}
		hash := mschapv2.Hash(raw)
		e.Hash, e.Password = &hash, ""
		return nil
	}
	if !strings.HasPrefix(v, `"`) {
		return fmt.Errorf("want a \"quoted password\" or hash:<32 hex digits>: %w", ErrSyntax)
	}
	pw, err := parseString(v)
	if err == nil && strings.ContainsFunc(pw, isControl) {
		err = fmt.Errorf("control characters are not allowed in a password: %w", ErrSyntax)
	}
	e.Password, e.Hash = pw, nil
	return err
}

// endEAP checks the 802.1X settings at the end of a block, or drops them
// with a warning when key_mgmt= uses no 802.1X.
func (p *parser) endEAP(b *block) error {
	switch {
	case b.n.KeyMgmt.EAP():
		if err := b.n.EAP.check(); err != nil {
			return p.errorf(b.n.Line, "", "network %q: %w", b.n.SSID, err)
		}
		if err := p.checkSubject(b); err != nil {
			return err
		}
		if e := b.n.EAP; e.AltSubjectMatch != "" && e.DomainSuffixMatch+e.DomainMatch != "" {
			p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line, "altsubject_match: a server name that matches it or domain_suffix_match/domain_match is accepted (wpa_supplicant requires both)"})
		}
		if e := b.n.EAP; e.Phase2 == "" && slices.Contains(e.Methods, "TTLS") {
			// What airroot runs, written out: the configuration it writes
			// (airroot build) says so too.
			e.Phase2 = "auth=MSCHAPV2"
			p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line, `phase2: none given: airroot runs MSCHAPv2 inside TTLS (phase2="auth=MSCHAPV2"), ` +
				`where wpa_supplicant would run EAP; write phase2= as your network says`})
		}
	case b.n.EAP != nil:
		p.warnings = append(p.warnings, Warning{DefaultFile, b.n.Line, "802.1X settings ignored: key_mgmt= has no WPA-EAP"})
		b.n.EAP = nil
	}
	return nil
}

// checkSubject judges subject_match= and check_cert_subject=, which airroot
// does not check: beside a server name it checks (domain_match=,
// domain_suffix_match=, altsubject_match=) they are a warning; alone they
// are refused, since skipping them would trust servers the file does not.
func (p *parser) checkSubject(b *block) error {
	if b.subjectLine == 0 {
		return nil
	}
	if e := b.n.EAP; e.DomainMatch+e.DomainSuffixMatch+e.AltSubjectMatch != "" {
		p.warnings = append(p.warnings, Warning{DefaultFile, b.subjectLine,
			b.subjectKey + ": not checked by airroot; the server's name is (domain_match=, domain_suffix_match=, altsubject_match=)"})
		return nil
	}
	return p.errorf(b.subjectLine, b.subjectKey, "this check of the server's certificate is %w by airroot: name the server "+
		"with domain_match=, domain_suffix_match= or altsubject_match=DNS:<name> instead", ErrUnsupported)
}

// check says what a key_mgmt=WPA-EAP network lacks.
func (e *EAP) check() error {
	switch {
	case e == nil || len(e.Methods) == 0:
		return fmt.Errorf("key_mgmt=WPA-EAP needs eap= (PEAP, TTLS or TLS): %w", ErrSyntax)
	case e.Identity == "":
		return fmt.Errorf("key_mgmt=WPA-EAP needs identity=: %w", ErrSyntax)
	}
	for _, m := range e.Methods {
		switch {
		case m == "TTLS" && e.Phase2 != "" && !strings.Contains(e.Phase2, "auth=MSCHAPV2") && !e.InnerPAP():
			return fmt.Errorf("phase2=%q: inside TTLS airroot speaks auth=MSCHAPV2 and auth=PAP: %w", e.Phase2, ErrUnsupported)
		case m == "PEAP" && e.Phase2 != "" && !strings.Contains(e.Phase2, "MSCHAPV2") && !e.InnerPAP():
			// PEAP runs EAP-MSCHAPv2 inside; wpa_supplicant reads
			// phase2="MSCHAPV2" and "autheap=MSCHAPV2" so too.
			return fmt.Errorf("phase2=%q: inside PEAP airroot speaks MSCHAPV2: %w", e.Phase2, ErrUnsupported)
		case m == "TLS" && e.ClientCert == "" && isPKCS12(e.PrivateKey):
			return fmt.Errorf("private_key=%q: a PKCS#12 file is %w by airroot: convert it to PEM (openssl pkcs12 -in FILE -out client.pem) "+
				"and set both client_cert= and private_key= to client.pem", e.PrivateKey, ErrUnsupported)
		case m == "TLS" && (e.ClientCert == "" || e.PrivateKey == ""):
			return fmt.Errorf("eap=TLS needs client_cert= and private_key=: %w", ErrSyntax)
		case m != "TLS" && e.Password == "" && e.Hash == nil:
			return fmt.Errorf("eap=%s needs password=: %w", m, ErrSyntax)
		case m == "TTLS" && e.InnerPAP() && e.Password == "":
			return fmt.Errorf("eap=TTLS with phase2=\"auth=PAP\" needs the clear password, not a hash: %w", ErrSyntax)
		case m == "PEAP" && e.InnerPAP():
			return fmt.Errorf("eap=PEAP runs MSCHAPv2 inside, not PAP: %w", ErrUnsupported)
		}
	}
	return nil
}

// isPKCS12 reports whether name is a PKCS#12 file by its extension, as
// eduroam CAT's EAP-TLS profiles give the user's key and certificate.
func isPKCS12(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".p12" || ext == ".pfx"
}

// marshal writes the settings as network={...} lines.
func (e *EAP) marshal(b *bytes.Buffer) {
	fmt.Fprintf(b, "\teap=%s\n", strings.Join(e.Methods, " "))
	quoted := []struct{ key, v string }{
		{"identity", e.Identity}, {"anonymous_identity", e.AnonymousIdentity},
		{"password", e.Password}, {"ca_cert", e.CACert}, {"client_cert", e.ClientCert},
		{"private_key", e.PrivateKey}, {"private_key_passwd", e.PrivateKeyPasswd},
		{"phase1", e.Phase1}, {"phase2", e.Phase2},
		{"domain_suffix_match", e.DomainSuffixMatch}, {"domain_match", e.DomainMatch},
		{"altsubject_match", e.AltSubjectMatch},
	}
	for _, q := range quoted {
		if q.v != "" {
			fmt.Fprintf(b, "\t%s=\"%s\"\n", q.key, q.v)
		}
	}
	if e.Hash != nil {
		fmt.Fprintf(b, "\tpassword=hash:%x\n", e.Hash[:])
	}
}
