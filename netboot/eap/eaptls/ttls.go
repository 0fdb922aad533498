package eaptls

import (
	"crypto/rand"
	"fmt"
	"io"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/mschapv2"
)

// ttlsInner is TTLS's phase 2 (RFC 5281 11.2): the peer sends its
// credentials as AVPs as soon as the tunnel is up.
type ttlsInner struct {
	cred Inner
	rand io.Reader

	auth, peer [16]byte
	ident      byte
	nt         [24]byte
	ok         bool
	why        error
}

func (t *ttlsInner) done() bool    { return t.ok }
func (t *ttlsInner) reason() error { return t.why }

func (t *ttlsInner) start(export exporter) ([]byte, error) {
	b := appendAVP(nil, avp{code: attrUserName, data: []byte(t.cred.Identity)})
	if t.cred.PAP {
		// RFC 5281 11.2.5: the password padded with zeros to a multiple
		// of 16 bytes. Nothing proves the server's side: the server's
		// EAP-Success ends the method, and the tunnel's certificate check
		// is the protection.
		pw := append([]byte(t.cred.Password), make([]byte, (16-len(t.cred.Password)%16)%16)...)
		if len(pw) == 0 {
			pw = make([]byte, 16)
		}
		t.ok = true
		t.why = fmt.Errorf("TTLS/PAP password refused: %w", eap.ErrWrongPassword)
		return appendAVP(b, avp{code: attrUserPassword, data: pw}), nil
	}
	// RFC 5281 11.2.4: the authenticator challenge and the identifier are
	// 17 bytes of keying material the server derives too.
	c, err := export("ttls challenge", 17)
	if err != nil {
		return nil, err
	}
	t.auth, t.ident = [16]byte(c), c[16]
	r := t.rand
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, t.peer[:]); err != nil {
		return nil, fmt.Errorf("TTLS MSCHAPv2 peer challenge: %w", err)
	}
	t.nt = mschapv2.NTResponse(t.auth, t.peer, mschapv2.UserName(t.cred.Identity), t.cred.Hash)
	resp := make([]byte, 2, 50)
	resp[0] = t.ident
	resp = append(append(append(resp, t.peer[:]...), make([]byte, 8)...), t.nt[:]...)
	b = appendAVP(b, avp{code: attrMSCHAPChall, vendor: vendorMicrosoft, data: t.auth[:]})
	return appendAVP(b, avp{code: attrMSCHAP2Resp, vendor: vendorMicrosoft, data: resp}), nil
}

// receive handles the server's MS-CHAP2-Success or MS-CHAP-Error.
func (t *ttlsInner) receive(app []byte, _ uint8) ([]byte, error) {
	if t.cred.PAP {
		return nil, nil // PAP has no answer inside the tunnel
	}
	avps, err := parseAVPs(app)
	if err != nil {
		return nil, err
	}
	for _, a := range avps {
		if a.vendor != vendorMicrosoft || len(a.data) < 1 || a.data[0] != t.ident {
			continue
		}
		switch a.code {
		case attrMSCHAP2Succ:
			msg := string(a.data[1:])
			if len(msg) > 42 {
				msg = msg[:42] // "S=" and 40 digits; a " M=..." may follow
			}
			if err := mschapv2.CheckAuthenticatorResponse(msg, t.cred.Hash, t.nt, t.peer, t.auth, mschapv2.UserName(t.cred.Identity)); err != nil {
				return nil, err
			}
			t.ok = true
		case attrMSCHAPError:
			t.why = mschapv2.ParseFailure(string(a.data[1:]))
		}
	}
	if !t.ok && t.why == nil {
		return nil, fmt.Errorf("TTLS phase 2: no MS-CHAP2-Success or MS-CHAP-Error in the server's data: %w", eap.ErrProtocol)
	}
	return nil, nil
}
