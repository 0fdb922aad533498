package sae

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

// fakeAP is the access point's side of an exchange, built from Exchange
// and the frame encoders, with the password it was given.
type fakeAP struct {
	t   *testing.T
	ex  *Exchange
	h2e bool
}

func newFakeAP(t *testing.T, cfg Config, password string) *fakeAP {
	t.Helper()
	return newFakeAPIn(t, groups()[Group19], cfg, password, nil)
}

// newFakeAPIn is newFakeAP in group g, with the station's rejected groups
// (nil for none) as hash-to-element salts the keys with them.
func newFakeAPIn(t *testing.T, g *Group, cfg Config, password string, rejected []byte) *fakeAP {
	t.Helper()
	apCfg := cfg
	apCfg.Password = []byte(password)
	apCfg.Own, apCfg.AP = cfg.AP, cfg.Own
	pwe, err := passwordElement(g, apCfg)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExchange(pwe, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.H2E && len(rejected) > 0 {
		ex.salt = rejected
	}
	return &fakeAP{t: t, ex: ex, h2e: cfg.H2E}
}

func (ap *fakeAP) commit() Frame {
	status := uint16(StatusSuccess)
	if ap.h2e {
		status = StatusHashToElement
	}
	return Frame{Transaction: seqCommit, Status: status, Body: commitBody(ap.ex.group.ID, ap.ex.Commit(), nil, nil, nil, ap.h2e)}
}

// answer verifies the station's confirm the way hostapd does; a wrong one
// gets no answer at all.
func (ap *fakeAP) answer(sta Frame) (Frame, bool) {
	sc, confirm, err := ParseConfirm(sta.Body, ap.ex.ConfirmLen())
	if err != nil {
		ap.t.Fatal(err)
	}
	if ap.ex.VerifyConfirm(sc, confirm) != nil {
		return Frame{}, false
	}
	return Frame{Transaction: seqConfirm, Body: confirmBody(1, ap.ex.Confirm(1))}, true
}

func testConfig(t *testing.T, h2e bool) Config {
	return Config{
		Password: []byte("correct horse"), SSID: []byte("airroot"), H2E: h2e,
		Own: testutil.MAC(t, j10H2EOwn), AP: testutil.MAC(t, j10H2EAP), Rand: rand.Reader,
	}
}

func TestAuthWithFakeAP(t *testing.T) {
	tests := []struct {
		name       string
		h2e        bool
		apPass     string
		wantAnswer bool
	}{
		{"H&P", false, "correct horse", true},
		{"H2E", true, "correct horse", true},
		{"H&P wrong password", false, "battery staple", false},
		{"H2E wrong password", true, "battery staple", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, tt.h2e)
			a, err := NewAuth(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ap := newFakeAP(t, cfg, tt.apPass)
			c, err := ParseCommit(a.Start().Body)
			if err != nil {
				t.Fatalf("our commit does not parse: %v", err)
			}
			if err := ap.ex.ProcessCommit(c.Commit); err != nil {
				t.Fatal(err)
			}
			reply, err := a.Receive(ap.commit())
			if err != nil {
				t.Fatalf("Receive(commit) = %v", err)
			}
			answer, ok := ap.answer(*reply)
			if ok != tt.wantAnswer {
				t.Fatalf("access point accepted our confirm = %v, want %v", ok, tt.wantAnswer)
			}
			if !ok {
				return
			}
			if _, err := a.Receive(answer); err != nil || !a.Done() {
				t.Fatalf("Receive(confirm) = %v, done %v", err, a.Done())
			}
			pmk, pmkid := a.Keys()
			apPMK, apPMKID := ap.ex.Keys()
			if !bytes.Equal(pmk, apPMK) || !bytes.Equal(pmkid, apPMKID) {
				t.Errorf("PMK %x / PMKID %x, access point has %x / %x", pmk, pmkid, apPMK, apPMKID)
			}
		})
	}
}

func TestAuthAntiClogging(t *testing.T) {
	token := []byte("anti-clogging token")
	tests := []struct {
		name    string
		h2e     bool
		request []byte
		tokenAt func(body []byte) []byte
	}{
		{"H&P token after the group", false, append([]byte{19, 0}, token...),
			func(b []byte) []byte { return b[2 : 2+len(token)] }},
		{"H2E token in a container at the end", true, appendExtension([]byte{19, 0}, extAntiCloggingToken, token),
			func(b []byte) []byte { return b[len(b)-len(token):] }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAuth(testConfig(t, tt.h2e))
			if err != nil {
				t.Fatal(err)
			}
			first := a.Start()
			reply, err := a.Receive(Frame{Transaction: seqCommit, Status: StatusAntiCloggingRequired, Body: tt.request})
			if err != nil {
				t.Fatalf("Receive(token request) = %v", err)
			}
			if got := tt.tokenAt(reply.Body); !bytes.Equal(got, token) {
				t.Errorf("token in the new commit = %q, want %q", got, token)
			}
			if len(reply.Body) != len(first.Body)+len(token)+map[bool]int{false: 0, true: 3}[tt.h2e] {
				t.Errorf("new commit of %d bytes, first %d", len(reply.Body), len(first.Body))
			}
			if a.Last().Transaction != seqCommit || !bytes.Equal(a.Last().Body, reply.Body) {
				t.Errorf("Last is not the commit with the token")
			}
		})
	}
}

func TestAuthRefusals(t *testing.T) {
	tests := []struct {
		name  string
		h2e   bool
		frame Frame
		want  error
	}{
		{"H2E required", false, Frame{seqCommit, StatusHashToElement, nil}, ErrH2ERequired},
		{"unknown identifier", true, Frame{seqCommit, StatusUnknownPasswordIdentifier, nil}, ErrUnknownPasswordID},
		{"H&P answer to H2E", true, Frame{seqCommit, StatusSuccess, nil}, ErrModeMismatch},
		{"commit in another group", false, Frame{seqCommit, StatusSuccess, append([]byte{20, 0}, make([]byte, 48+96)...)}, ErrUnexpected},
		{"commit in an unknown group", false, Frame{seqCommit, StatusSuccess, []byte{22, 0}}, ErrGroup},
		{"confirm first", false, Frame{seqConfirm, StatusSuccess, make([]byte, 34)}, ErrUnexpected},
		{"short commit", false, Frame{seqCommit, StatusSuccess, []byte{19, 0, 1}}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAuth(testConfig(t, tt.h2e))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Receive(tt.frame); !errors.Is(err, tt.want) {
				t.Errorf("Receive = %v, want %v", err, tt.want)
			}
			if a.Done() {
				t.Errorf("done after a refusal")
			}
		})
	}
}

func TestAuthReflectedCommit(t *testing.T) {
	a, err := NewAuth(testConfig(t, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Receive(a.Start()); !errors.Is(err, ErrReflection) {
		t.Errorf("Receive(our own commit) = %v, want ErrReflection", err)
	}
}

// An access point that cannot verify our confirm refuses it: hostapd with
// status 15, or 1 before 2.11. Either means the passwords differ.
func TestAuthConfirmRefused(t *testing.T) {
	for _, status := range []uint16{StatusUnspecified, StatusChallengeFailure} {
		cfg := testConfig(t, false)
		a, err := NewAuth(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ap := newFakeAP(t, cfg, "battery staple")
		if _, err := a.Receive(ap.commit()); err != nil {
			t.Fatal(err)
		}
		_, err = a.Receive(Frame{Transaction: seqConfirm, Status: status})
		var se *StatusError
		if !errors.Is(err, ErrWrongPassword) || !errors.As(err, &se) || se.Status != status {
			t.Errorf("confirm refused with status %d: %v, want a *StatusError matching ErrWrongPassword", status, err)
		}
	}
}
