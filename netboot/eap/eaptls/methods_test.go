package eaptls

import (
	"bytes"
	"crypto/tls"
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/mschapv2"
)

// converse runs the peer against the server; with dup every Request is
// delivered twice, as after a lost Response, and must get the same answer.
// It counts the fragments with the M flag each side sent.
func converse(t *testing.T, peer *eap.Peer, srv *testServer, dup bool) (frags [2]int, err error) {
	t.Helper()
	defer peer.Close()
	pkt := srv.identityRequest()
	for range 200 {
		frags[0] += moreFlag(pkt)
		resp, done, err := peer.Receive(pkt)
		if err != nil || done {
			return frags, err
		}
		frags[1] += moreFlag(resp)
		if dup {
			again, _, err := peer.Receive(pkt)
			if err != nil || !bytes.Equal(again, resp) {
				t.Fatalf("retransmitted request got %x, %v; first answer %x", again, err, resp)
			}
		}
		pkt = srv.handle(resp)
	}
	t.Fatal("conversation did not end")
	return frags, nil
}

func moreFlag(b []byte) int {
	if len(b) > 5 && b[5]&flagMore != 0 {
		return 1
	}
	return 0
}

type convCase struct {
	name      string
	typ       eap.Type
	inner     Inner
	password  string // the server's
	trust     func(*pki) Trust
	clientKey bool
	dup       bool
	wantErr   error
	errText   string // part of the error message
}

func caTrust(p *pki) Trust { return Trust{Roots: p.roots, DomainSuffix: []string{"example.org"}} }

func TestConversations(t *testing.T) {
	hash := mschapv2.NTPasswordHash("s3cret")
	user := Inner{Identity: `pi@example.org`, Hash: hash}
	tests := []convCase{
		{name: "PEAP MSCHAPv2", typ: eap.TypePEAP, inner: user, password: "s3cret", trust: caTrust},
		{name: "PEAP retransmissions", typ: eap.TypePEAP, inner: user, password: "s3cret", trust: caTrust, dup: true},
		{name: "PEAP wrong password", typ: eap.TypePEAP, inner: user, password: "other", trust: caTrust,
			wantErr: eap.ErrWrongPassword},
		{name: "TTLS MSCHAPv2", typ: eap.TypeTTLS, inner: user, password: "s3cret", trust: caTrust},
		{name: "TTLS MSCHAPv2 wrong password", typ: eap.TypeTTLS, inner: user, password: "other", trust: caTrust,
			wantErr: eap.ErrWrongPassword},
		{name: "TTLS PAP", typ: eap.TypeTTLS, inner: Inner{Identity: "pi@example.org", Password: "s3cret", PAP: true},
			password: "s3cret", trust: caTrust},
		{name: "TTLS PAP wrong password", typ: eap.TypeTTLS, inner: Inner{Identity: "pi@example.org", Password: "nope", PAP: true},
			password: "s3cret", trust: caTrust, wantErr: eap.ErrWrongPassword},
		{name: "EAP-TLS", typ: eap.TypeTLS, trust: caTrust, clientKey: true},
		{name: "no trust configured", typ: eap.TypePEAP, inner: user, password: "s3cret",
			trust: func(*pki) Trust { return Trust{} }, wantErr: eap.ErrUntrusted,
			errText: `subject "CN=radius.example.org,O=Test University" issued by "CN=Test CA"`},
		{name: "other CA", typ: eap.TypePEAP, inner: user, password: "s3cret",
			trust:   func(*pki) Trust { return Trust{Roots: newPKI(t, "Other CA", "x.example.net").roots} },
			wantErr: eap.ErrUntrusted, errText: "certificate signed by unknown authority"},
		{name: "domain mismatch", typ: eap.TypeTTLS, inner: user, password: "s3cret",
			trust:   func(p *pki) Trust { return Trust{Roots: p.roots, DomainSuffix: []string{"example.com"}} },
			wantErr: eap.ErrUntrusted, errText: "domain_suffix_match=example.com"},
		{name: "domain exact", typ: eap.TypeTTLS, inner: user, password: "s3cret",
			trust: func(p *pki) Trust { return Trust{Roots: p.roots, DomainExact: []string{"RADIUS.example.org"}} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runConversation(t, tt) })
	}
}

func runConversation(t *testing.T, tt convCase) {
	p := newPKI(t, "Test CA", "radius.example.org")
	cfg := &Config{Trust: tt.trust(p)}
	srvTLS := &tls.Config{Certificates: []tls.Certificate{p.server}, MinVersion: tls.VersionTLS12}
	if tt.clientKey {
		cfg.Certificates = []tls.Certificate{p.client}
		srvTLS.ClientAuth, srvTLS.ClientCAs = tls.RequireAndVerifyClientCert, p.roots
	}
	spec := eap.MethodSpec{Type: tt.typ}
	switch tt.typ {
	case eap.TypeTLS:
		spec.New = func() eap.Method { return NewTLS(cfg) }
	case eap.TypePEAP:
		spec.New = func() eap.Method { return NewPEAP(cfg, tt.inner) }
	case eap.TypeTTLS:
		spec.New = func() eap.Method { return NewTTLS(cfg, tt.inner) }
	}
	peer := &eap.Peer{Identity: "anonymous@example.org", Methods: []eap.MethodSpec{spec}}
	srv := &testServer{t: t, typ: tt.typ, cfg: srvTLS, user: tt.inner.Identity, password: tt.password}
	t.Cleanup(func() {
		if srv.tun != nil {
			srv.tun.close()
		}
	})
	frags, err := converse(t, peer, srv, tt.dup)
	if tt.wantErr == nil && err != nil {
		t.Fatalf("authentication: %v", err)
	}
	if tt.wantErr != nil {
		t.Logf("refused as expected: %v", err)
		if !errors.Is(err, tt.wantErr) || !strings.Contains(errString(err), tt.errText) {
			t.Fatalf("authentication error %v, want %v containing %q", err, tt.wantErr, tt.errText)
		}
		if peer.MSK() != nil {
			t.Fatalf("MSK after a failure: %x", peer.MSK())
		}
		return
	}
	if frags[0] == 0 || tt.clientKey && frags[1] == 0 {
		t.Errorf("fragments with the M flag: server %d, peer %d; the certificates should need some", frags[0], frags[1])
	}
	// The MSK is checked against what crypto/tls's server side exports
	// with the label of RFC 5216 2.3 / RFC 5281 8.
	if len(srv.msk) != 64 || !bytes.Equal(peer.MSK(), srv.msk) {
		t.Fatalf("peer MSK %x\nserver MSK %x", peer.MSK(), srv.msk)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
