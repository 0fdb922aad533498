package sae

import (
	"bytes"
	"crypto/rand"
	"errors"
	"math/big"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

func bigMod(t *testing.T, v string) []byte {
	t.Helper()
	p := new(big.Int).SetBytes(groups()[Group19].curve.pBytes)
	return new(big.Int).Mod(new(big.Int).SetBytes(unhex(t, v)), p).FillBytes(make([]byte, 32))
}

// pair runs both sides of an exchange with the given passwords and returns
// the station's and the access point's exchanges after both commits.
func pair(t *testing.T, g *Group, staPassword, apPassword string, h2e bool) (sta, ap *Exchange, err error) {
	t.Helper()
	a, b := testutil.MAC(t, j10H2EOwn), testutil.MAC(t, j10H2EAP)
	start := func(password string) *Exchange {
		pwe, err := HuntAndPeck(g, []byte(password), nil, a, b)
		if h2e {
			var pt *PT
			if pt, err = DerivePT(g, []byte("airroot"), []byte(password), nil); err == nil {
				pwe, err = pt.PWE(b, a)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewExchange(pwe, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	sta, ap = start(staPassword), start(apPassword)
	if err := sta.ProcessCommit(ap.Commit()); err != nil {
		return sta, ap, err
	}
	return sta, ap, ap.ProcessCommit(sta.Commit())
}

// TestExchangeBothSides runs two of our peers against each other in every
// group, with both password element methods.
func TestExchangeBothSides(t *testing.T) {
	for _, id := range DefaultGroups {
		t.Run(groups()[id].Name, func(t *testing.T) { testExchangeBothSides(t, groups()[id]) })
	}
}

func testExchangeBothSides(t *testing.T, g *Group) {
	tests := []struct {
		name       string
		sta, ap    string
		h2e        bool
		wantVerify error
	}{
		{"hunting and pecking", "correct horse", "correct horse", false, nil},
		{"hash to element", "correct horse", "correct horse", true, nil},
		{"wrong password H&P", "correct horse", "battery staple", false, ErrWrongPassword},
		{"wrong password H2E", "correct horse", "battery staple", true, ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sta, ap, err := pair(t, g, tt.sta, tt.ap, tt.h2e)
			if err != nil {
				t.Fatalf("commits: %v", err)
			}
			if err := sta.VerifyConfirm(1, ap.Confirm(1)); !errors.Is(err, tt.wantVerify) {
				t.Fatalf("station VerifyConfirm = %v, want %v", err, tt.wantVerify)
			}
			if err := ap.VerifyConfirm(1, sta.Confirm(1)); !errors.Is(err, tt.wantVerify) {
				t.Fatalf("AP VerifyConfirm = %v, want %v", err, tt.wantVerify)
			}
			wantConfirm := map[bool]int{false: 32, true: g.hashLen()}[tt.h2e]
			if got := len(sta.Confirm(1)); got != wantConfirm {
				t.Errorf("confirm of %d bytes, want %d", got, wantConfirm)
			}
			if len(sta.Commit().Scalar) != g.ScalarLen() || len(sta.Commit().Element) != g.ElementLen() {
				t.Errorf("commit of a %d-byte scalar and %d-byte element", len(sta.Commit().Scalar), len(sta.Commit().Element))
			}
			spmk, spmkid := sta.Keys()
			apmk, apmkid := ap.Keys()
			same := bytes.Equal(spmk, apmk) && bytes.Equal(spmkid, apmkid)
			if same != (tt.wantVerify == nil) {
				t.Errorf("PMKs equal = %v with verify error %v", same, tt.wantVerify)
			}
		})
	}
}

func TestProcessCommitRefuses(t *testing.T) {
	e := j10Exchange(t)
	peer := unhex(t, j10PeerCommit)[2:]
	c := groups()[Group19].curve
	r := new(big.Int).SetBytes(c.r.bytes(c.r.neg(c.r.constant(big.NewInt(1)))))
	r.Add(r, big.NewInt(1))
	offCurve := append([]byte{}, peer[32:]...)
	offCurve[63] ^= 1
	tests := []struct {
		name   string
		commit Commit
		want   error
	}{
		{"our own commit sent back", e.Commit(), ErrReflection},
		{"scalar zero", Commit{make([]byte, 32), peer[32:]}, ErrScalar},
		{"scalar one", Commit{big.NewInt(1).FillBytes(make([]byte, 32)), peer[32:]}, ErrScalar},
		{"scalar r", Commit{r.FillBytes(make([]byte, 32)), peer[32:]}, ErrScalar},
		{"scalar short", Commit{peer[:31], peer[32:]}, ErrScalar},
		{"element off the curve", Commit{peer[:32], offCurve}, ErrElement},
		{"element x at p", Commit{peer[:32], append(append([]byte{}, c.pBytes...), peer[64:]...)}, ErrElement},
		{"element short", Commit{peer[:32], peer[32:95]}, ErrElement},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.ProcessCommit(tt.commit); !errors.Is(err, tt.want) {
				t.Errorf("ProcessCommit = %v, want %v", err, tt.want)
			}
			if pmk, _ := e.Keys(); pmk != nil {
				t.Errorf("keys set after a refused commit")
			}
		})
	}
}

// The benchmarks run per group: the figures say what groups 20 and 21 cost
// against 19 (the ARMv6 question is whether they are cheap enough to offer).
func benchGroups(b *testing.B, run func(b *testing.B, g *Group)) {
	for _, id := range DefaultGroups {
		g := groups()[id]
		b.Run(g.Name, func(b *testing.B) { run(b, g) })
	}
}

func BenchmarkHuntAndPeck(b *testing.B) {
	a1, a2 := testutil.MAC(b, j10Own), testutil.MAC(b, j10Peer)
	benchGroups(b, func(b *testing.B, g *Group) {
		for b.Loop() {
			if _, err := HuntAndPeck(g, []byte(j10Password), nil, a1, a2); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDerivePT(b *testing.B) {
	benchGroups(b, func(b *testing.B, g *Group) {
		for b.Loop() {
			if _, err := DerivePT(g, []byte(j10SSID), []byte(j10Password), nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkExchange is the station's whole share of an exchange once the
// password element is known: commit, the peer's commit, confirm.
func BenchmarkExchange(b *testing.B) {
	benchGroups(b, func(b *testing.B, g *Group) {
		pwe, err := HuntAndPeck(g, []byte(j10Password), nil, testutil.MAC(b, j10Own), testutil.MAC(b, j10Peer))
		if err != nil {
			b.Fatal(err)
		}
		peer, err := NewExchange(pwe, rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			e, err := NewExchange(pwe, rand.Reader)
			if err != nil {
				b.Fatal(err)
			}
			if err := e.ProcessCommit(peer.Commit()); err != nil {
				b.Fatal(err)
			}
			_ = e.Confirm(1)
		}
	})
}
