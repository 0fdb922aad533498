package wifi

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/eaptls"
	"github.com/airroot/airroot/netboot/eap/mschapv2"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// dot1x is the 802.1X supplicant of a key_mgmt=WPA-EAP network: EAP over
// EAPOL (IEEE 802.1X-2010 clause 11) before the 4-way handshake, whose PMK
// is the first 32 bytes of the MSK (802.11-2020 12.7.1.3).
type dot1x struct {
	peer  *eap.Peer
	pmk   *[32]byte // nil until EAP succeeds
	timer dot1xTimer
}

// withDot1X prepares the 802.1X supplicant of a WPA-EAP network. The PMK
// comes from EAP, which only the host runs: the handshake is then never
// offloaded.
func (a *association) withDot1X(offload bool, opts Options) (bool, error) {
	if !a.network.KeyMgmt.EAP() {
		return offload, nil
	}
	var err error
	a.x, err = newDot1X(a.network.EAP, opts)
	return false, err
}

// dot1xFrame takes the EAPOL frames that are 802.1X's: EAP packets, and
// EAPOL-Key frames that come before EAP succeeded (dropped).
func (a *association) dot1xFrame(f *nl80211.ControlPortFrame) (taken bool, err error) {
	switch {
	case a.x == nil:
		return false, nil
	case len(f.Frame) > 1 && f.Frame[1] != eap.EAPOLKey:
		return true, a.onEAP(f)
	case a.x.pmk == nil:
		a.logf("EAPOL-Key frame from %s before 802.1X authentication succeeded: dropped", a.peer())
		return true, nil
	}
	return false, nil
}

// newDot1X prepares the EAP peer from the network's settings, reading the
// certificate files it names.
func newDot1X(e *conf.EAP, opts Options) (*dot1x, error) {
	cfg, err := tlsConfig(e, opts)
	if err != nil {
		return nil, err
	}
	inner := eaptls.Inner{Identity: e.Identity, Password: e.Password, PAP: e.InnerPAP()}
	switch {
	case e.Hash != nil:
		inner.Hash = *e.Hash
	case e.Password != "":
		inner.Hash = mschapv2.NTPasswordHash(e.Password)
	}
	outer := e.Identity
	if e.AnonymousIdentity != "" {
		outer = e.AnonymousIdentity
	}
	p := &eap.Peer{Identity: outer, Notify: func(s string) { opts.Log("802.1X: the server says: %q", s) }}
	for _, m := range e.Methods {
		p.Methods = append(p.Methods, methodSpec(m, cfg, inner))
	}
	return &dot1x{peer: p, timer: dot1xTimer{period: opts.EAPOLStartPeriod, idle: eapIdle}}, nil
}

// tlsConfig reads the CA and the client's certificate and key.
func tlsConfig(e *conf.EAP, opts Options) (*eaptls.Config, error) {
	read := opts.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	cfg := &eaptls.Config{Rand: opts.Rand, Trust: eaptls.Trust{
		DomainSuffix: splitList(e.DomainSuffixMatch), DomainExact: append(splitList(e.DomainMatch), e.AltSubjectDNS()...),
	}}
	if e.CACert != "" {
		pem, err := read(e.CACert)
		if err != nil {
			return nil, fmt.Errorf("802.1X: ca_cert: %w: %w", err, ErrConfig)
		}
		cfg.Trust.Roots = x509.NewCertPool()
		if !cfg.Trust.Roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("802.1X: ca_cert %s holds no PEM certificate: %w", e.CACert, ErrConfig)
		}
	}
	if e.ClientCert != "" {
		pair, err := loadKeyPair(read, e.ClientCert, e.PrivateKey, e.PrivateKeyPasswd)
		if err != nil {
			return nil, fmt.Errorf("802.1X: client_cert/private_key: %w: %w", err, ErrConfig)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

// loadKeyPair reads the client's certificate and key. A key still
// encrypted (a configuration airroot build did not prepare, which
// decrypts it) is decrypted in memory with private_key_passwd=.
func loadKeyPair(read func(string) ([]byte, error), certFile, keyFile, passphrase string) (tls.Certificate, error) {
	cert, err := read(certFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := read(keyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	if key, err = eaptls.DecryptKey(key, passphrase); err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(cert, key)
}

func methodSpec(m string, cfg *eaptls.Config, inner eaptls.Inner) eap.MethodSpec {
	switch m {
	case "TLS":
		return eap.MethodSpec{Type: eap.TypeTLS, New: func() eap.Method { return eaptls.NewTLS(cfg) }}
	case "TTLS":
		return eap.MethodSpec{Type: eap.TypeTTLS, New: func() eap.Method { return eaptls.NewTTLS(cfg, inner) }}
	}
	return eap.MethodSpec{Type: eap.TypePEAP, New: func() eap.Method { return eaptls.NewPEAP(cfg, inner) }}
}

// splitList reads wpa_supplicant's ";"-separated domain lists.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ";") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// receive handles an EAPOL-EAP frame and returns the frame to answer
// with, nil for none; done reports an EAP-Success, after which pmk holds
// the new PMK (a re-authentication replaces it).
func (d *dot1x) receive(frame []byte) (out []byte, done bool, err error) {
	pkt, err := eap.FromEAPOL(frame)
	if err != nil {
		return nil, false, err
	}
	resp, done, err := d.peer.Receive(pkt)
	if err != nil {
		return nil, false, classifyEAP(err)
	}
	if done {
		pmk := [32]byte(d.peer.MSK()[:32])
		d.pmk = &pmk
	}
	if resp == nil {
		return nil, done, nil
	}
	return eap.ToEAPOL(resp), done, nil
}

// classifyEAP maps an EAP error to Join's retry classes: a refused
// password is retried slowly, an untrusted server like an access point
// that does not fit (it may be a rogue one in range), the rest is a
// failed handshake.
func classifyEAP(err error) error {
	switch {
	case errors.Is(err, eap.ErrWrongPassword):
		return fmt.Errorf("802.1X: %w: %w", err, ErrCredentials)
	case errors.Is(err, eap.ErrUntrusted):
		return fmt.Errorf("802.1X: %w: %w", err, ErrAccessPoint)
	case errors.Is(err, eap.ErrMalformed):
		return fmt.Errorf("802.1X: %w", err) // dropped; the server retransmits
	}
	return fmt.Errorf("802.1X: %w: %w", err, ErrHandshake)
}

func (d *dot1x) close() { d.peer.Close() }

// eapTimer returns the 802.1X timer's channel while associated and
// waiting for the access point; nil otherwise.
func (a *association) eapTimer() <-chan time.Time {
	if a.x == nil || !a.connected {
		return nil
	}
	return a.x.timer.after(a.opts.Now())
}

// onEAPTimer sends the EAPOL-Start that is due, or ends the attempt.
func (a *association) onEAPTimer() error {
	start, err := a.x.timer.expired(a.opts.Now(), a.peer())
	if err != nil || start == nil {
		return err
	}
	a.logf("802.1X: no EAP-Request/Identity from %s yet: sending EAPOL-Start %d of %d", a.peer(), a.x.timer.starts, maxStart)
	if err := a.send(start); err != nil {
		a.logf("802.1X: send EAPOL-Start to %s: %v", a.peer(), err)
	}
	return nil
}

// eapTimeout is what 802.1X may add to the time from association to
// message 1: a TLS handshake through a RADIUS server, a few round trips
// of up to a few seconds each on a loaded network.
const eapTimeout = 20 * time.Second

// onEAP answers an EAPOL-EAP frame from the access point. Once EAP
// succeeds its PMK is the handshake's; a malformed frame is dropped (the
// authenticator retransmits), any other failure ends the attempt.
func (a *association) onEAP(f *nl80211.ControlPortFrame) error {
	if a.pmksa != nil && !a.authorized {
		a.forgetPMKSA("it started EAP")
		a.x.pmk = nil
	}
	out, done, err := a.x.receive(f.Frame)
	if err == nil && out != nil || done {
		a.x.timer.answered(a.opts.Now(), f.Frame[min(4, len(f.Frame)):], done)
	}
	switch {
	case errors.Is(err, eap.ErrMalformed):
		a.logf("%v (dropped)", err)
		return nil
	case err != nil:
		return fmt.Errorf("authenticate with %s: %w", a.peer(), err)
	}
	if done {
		a.hs.PMK = *a.x.pmk
		a.logf("802.1X: authenticated with %s", a.peer())
		if a.authorized {
			// A re-authentication made a new PMK: cache it instead.
			a.pmksa = nil
			a.rememberPMKSA()
		}
	}
	if out == nil {
		return nil
	}
	if err := a.send(out); err != nil {
		a.logf("802.1X: send to %s: %v", a.peer(), err)
	}
	return nil
}
