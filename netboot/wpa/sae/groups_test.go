package sae

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"
)

// groupsAP is an access point that speaks only some groups: it answers a
// commit in any other with status 77 and the group, as hostapd does, and
// runs the exchange in its own.
type groupsAP struct {
	t        *testing.T
	cfg      Config
	accepts  []int
	ap       *fakeAP
	rejected []byte // the Rejected Groups element of the last commit
}

func (s *groupsAP) onCommit(f Frame) Frame {
	c, err := ParseCommit(f.Body)
	if err != nil {
		s.t.Fatalf("station commit: %v", err)
	}
	if !slices.Contains(s.accepts, int(c.Group)) {
		return Frame{Transaction: seqCommit, Status: StatusUnsupportedGroup, Body: f.Body[:2]}
	}
	g := groups()[int(c.Group)]
	s.rejected, err = extensionElement(f.Body[2+g.ScalarLen()+g.ElementLen():], extRejectedGroups)
	if err != nil {
		s.t.Fatal(err)
	}
	s.ap = newFakeAPIn(s.t, g, s.cfg, string(s.cfg.Password), s.rejected)
	if err := s.ap.ex.ProcessCommit(c.Commit); err != nil {
		s.t.Fatal(err)
	}
	return s.ap.commit()
}

func TestAuthRejectedGroupRetry(t *testing.T) {
	tests := []struct {
		name      string
		h2e       bool
		ours      []int
		accepts   []int
		wantGroup int
		// wantRejected is the Rejected Groups element of the accepted
		// commit: hash-to-element only (802.11-2020 12.4.7.2).
		wantRejected []int
	}{
		{"H&P, refused 19, joins on 20", false, nil, []int{20}, 20, nil},
		{"H&P, refused 19 and 20, joins on 21", false, nil, []int{21}, 21, nil},
		{"H2E, refused 19, joins on 20", true, nil, []int{20, 21}, 20, []int{19}},
		{"H2E, refused 19 and 20, joins on 21", true, nil, []int{21}, 21, []int{19, 20}},
		{"configured order 21 first", false, []int{21, 19}, []int{19, 21}, 21, nil},
		{"first group accepted", true, nil, []int{19, 20}, 19, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, tt.h2e)
			cfg.Groups = tt.ours
			a, err := NewAuth(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ap := &groupsAP{t: t, cfg: cfg, accepts: tt.accepts}
			out := a.Start()
			for out.Transaction == seqCommit {
				reply, err := a.Receive(ap.onCommit(out))
				if err != nil {
					t.Fatalf("Receive = %v after group %d", err, binary.LittleEndian.Uint16(out.Body))
				}
				out = *reply
			}
			if a.Group().ID != tt.wantGroup || ap.ap.ex.group.ID != tt.wantGroup {
				t.Fatalf("exchange in group %d, access point in %d, want %d", a.Group().ID, ap.ap.ex.group.ID, tt.wantGroup)
			}
			var want []byte
			for _, g := range tt.wantRejected {
				want = binary.LittleEndian.AppendUint16(want, uint16(g))
			}
			if !bytes.Equal(ap.rejected, want) {
				t.Errorf("Rejected Groups element %x, want %x", ap.rejected, want)
			}
			answer, ok := ap.ap.answer(out)
			if !ok {
				t.Fatal("access point refused our confirm")
			}
			if _, err := a.Receive(answer); err != nil || !a.Done() {
				t.Fatalf("Receive(confirm) = %v, done %v", err, a.Done())
			}
			pmk, _ := a.Keys()
			if apPMK, _ := ap.ap.ex.Keys(); !bytes.Equal(pmk, apPMK) {
				t.Errorf("PMK %x, access point has %x", pmk, apPMK)
			}
		})
	}
}

// Every configured group refused ends the exchange with a message that
// names the groups tried and what to set.
func TestAuthAllGroupsRefused(t *testing.T) {
	tests := []struct {
		name     string
		ours     []int
		wantText []string
	}{
		{"only 19 configured", []int{19}, []string{"19 (P-256)", "set sae_groups="}},
		{"19 and 20 configured", []int{19, 20}, []string{"19 (P-256), 20 (P-384)", "set sae_groups="}},
		{"all three", nil, []string{"19 (P-256), 20 (P-384), 21 (P-521)", "hostapd.conf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, false)
			cfg.Groups = tt.ours
			a, err := NewAuth(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ap := &groupsAP{t: t, cfg: cfg}
			out := a.Start()
			for {
				reply, err := a.Receive(ap.onCommit(out))
				if err == nil {
					out = *reply
					continue
				}
				var ge *GroupsError
				if !errors.Is(err, ErrUnsupportedGroup) || !errors.As(err, &ge) {
					t.Fatalf("Receive = %v, want a *GroupsError", err)
				}
				for _, s := range tt.wantText {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not say %q", err, s)
					}
				}
				return
			}
		})
	}
}

// A refusal naming a group other than the one proposed answers an earlier
// commit; it must not skip the group under way.
func TestAuthStaleGroupRefusal(t *testing.T) {
	a, err := NewAuth(testConfig(t, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Receive(Frame{seqCommit, StatusUnsupportedGroup, []byte{21, 0}}); !errors.Is(err, ErrUnexpected) {
		t.Errorf("Receive(refusal of 21) = %v, want ErrUnexpected", err)
	}
	if a.Group().ID != Group19 {
		t.Errorf("group %d after a stale refusal, want 19", a.Group().ID)
	}
}

func TestNewAuthRefusesUnknownGroup(t *testing.T) {
	cfg := testConfig(t, false)
	cfg.Groups = []int{19, 15}
	if _, err := NewAuth(cfg); !errors.Is(err, ErrGroup) {
		t.Errorf("NewAuth(groups 19 15) = %v, want ErrGroup", err)
	}
}
