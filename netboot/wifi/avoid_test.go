package wifi

import (
	"net"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
)

// TestAvoidGrowsWithFailures: each failure with an access point avoids it
// longer, as wpa_supplicant's bssid_ignore does, and it is avoided only
// until then; a connection through it takes it off the list.
func TestAvoidGrowsWithFailures(t *testing.T) {
	bssid := testutil.MAC(t, "02:00:00:00:00:01")
	t0 := time.Unix(1000, 0)
	var l Avoid
	for _, tt := range []struct {
		name string
		want time.Duration
	}{
		{"first failure", 10 * time.Second},
		{"second failure", 10 * time.Second},
		{"third failure", time.Minute},
		{"fourth failure", 2 * time.Minute},
		{"fifth failure", 10 * time.Minute},
		{"sixth failure", 30 * time.Minute},
		{"seventh failure", 30 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, d := l.add(bssid, t0)
			if d != tt.want {
				t.Errorf("avoided for %v, want %v", d, tt.want)
			}
			if !l.Avoided(bssid, t0.Add(tt.want-time.Millisecond)) || l.Avoided(bssid, t0.Add(tt.want)) {
				t.Errorf("avoided %v: %v, %v later: %v; want avoided until then only", tt.want-time.Millisecond,
					l.Avoided(bssid, t0.Add(tt.want-time.Millisecond)), tt.want, l.Avoided(bssid, t0.Add(tt.want)))
			}
		})
	}
	if other := testutil.MAC(t, "02:00:00:00:00:02"); l.Avoided(other, t0) {
		t.Errorf("%s avoided without a failure", other)
	}
	l.forget(bssid)
	if n, _ := l.add(bssid, t0); n != 1 {
		t.Errorf("after a connection, the next failure is number %d, want 1", n)
	}
}

// TestAvoidOrder: the avoided candidates go last, each group keeping its
// order; a nil list keeps them all in place.
func TestAvoidOrder(t *testing.T) {
	t0 := time.Unix(1000, 0)
	macs := []string{"02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03"}
	cands := make([]candidate, len(macs))
	for i, m := range macs {
		cands[i] = candidate{bss: nl80211.BSS{BSSID: testutil.MAC(t, m)}}
	}
	for _, tt := range []struct {
		name    string
		avoid   []int // indexes of cands that failed
		elapsed time.Duration
		want    []int
	}{
		{name: "none avoided", want: []int{0, 1, 2}},
		{name: "the best avoided", avoid: []int{0}, want: []int{1, 2, 0}},
		{name: "two avoided", avoid: []int{1, 0}, want: []int{2, 0, 1}},
		{name: "all avoided: all still tried, in order", avoid: []int{0, 1, 2}, want: []int{0, 1, 2}},
		{name: "the time is up", avoid: []int{0}, elapsed: 10 * time.Second, want: []int{0, 1, 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var l Avoid
			for _, i := range tt.avoid {
				l.add(cands[i].bss.BSSID, t0)
			}
			got := l.order(cands, t0.Add(tt.elapsed))
			if len(got) != len(tt.want) {
				t.Fatalf("%d candidates, want %d", len(got), len(tt.want))
			}
			for i, w := range tt.want {
				if g := got[i].bss.BSSID; g.String() != macs[w] {
					t.Errorf("candidate %d is %s, want %s", i, g, macs[w])
				}
			}
		})
	}
	var none *Avoid
	if got := none.order(cands, t0); got[0].bss.BSSID.String() != macs[0] || none.Avoided(net.HardwareAddr(nil), t0) {
		t.Errorf("a nil list reordered or avoided")
	}
}
