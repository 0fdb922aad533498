package wifi

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

func TestJoinUsesWhatAnOverdueScanFound(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	w.k.StallScans = true
	opts := w.options()
	opts.ScanTimeout = 50 * time.Millisecond
	opts.ScanPoll = time.Minute // no early stop: the scan runs overdue
	if _, err := w.join(homeConf, opts); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if n := len(w.k.Requests(unix.NL80211_CMD_ABORT_SCAN)); n != 1 {
		t.Errorf("%d ABORT_SCAN requests, want 1", n)
	}
	if want := "did not finish in 50ms; using the 1 access point it had found"; !strings.Contains(w.log(), want) {
		t.Errorf("log lacks %q:\n%s", want, w.log())
	}
}

func TestJoinOverdueScanThatFoundNothing(t *testing.T) {
	w := newWorld(t, ccmpWiphy)
	w.k.StallScans = true
	opts := w.options()
	opts.ScanTimeout = 50 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := Join(ctx, parseConf(t, homeConf), "", opts)
	if err == nil || !strings.Contains(err.Error(), "found nothing yet") {
		t.Fatalf("Join: %v, want an error saying the scan found nothing yet\n%s", err, w.log())
	}
}

// dualBandWiphy is ccmpWiphy with the world regulatory domain's flags:
// 2.4 GHz channels 1 and 6 may be probed, 5 GHz only listened on.
var dualBandWiphy = func() nl80211test.Wiphy {
	w := ccmpWiphy
	w.Bands = [][]nl80211test.Channel{{{Freq: 2412}, {Freq: 2437}}, {{Freq: 5180, NoIR: true}, {Freq: 5200, NoIR: true}}}
	return w
}()

// gbWiphy is ccmpWiphy with country=GB's flags: the radar channels carry
// RADAR but not NO_IR, and are still scanned passively.
var gbWiphy = func() nl80211test.Wiphy {
	w := ccmpWiphy
	w.Bands = [][]nl80211test.Channel{{{Freq: 2412}, {Freq: 2437}},
		{{Freq: 5180}, {Freq: 5260, Radar: true}, {Freq: 5500, Radar: true}, {Freq: 5745}}}
	return w
}()

func TestJoinScansActiveChannelsFirst(t *testing.T) {
	tests := []struct {
		name  string
		wiphy nl80211test.Wiphy
		freq  int
		want  [][]int // the frequencies of each TRIGGER_SCAN
	}{
		{name: "found on a channel it may probe", wiphy: dualBandWiphy, freq: 2437, want: [][]int{{2412, 2437}}},
		{name: "found only by listening", wiphy: dualBandWiphy, freq: 5200, want: [][]int{{2412, 2437}, {5180, 5200}}},
		{name: "GB: 2.4 GHz first", wiphy: gbWiphy, freq: 2437, want: [][]int{{2412, 2437}}},
		{name: "GB: then the 5 GHz channels it may probe", wiphy: gbWiphy, freq: 5745,
			want: [][]int{{2412, 2437}, {5180, 5745}}},
		{name: "GB: found on a radar channel by listening", wiphy: gbWiphy, freq: 5500,
			want: [][]int{{2412, 2437}, {5180, 5745}, {5260, 5500}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
			ap.bss.Frequency = tt.freq
			w := newWorld(t, tt.wiphy, ap)
			if _, err := w.join(homeConf, w.options()); err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			var got [][]int
			for _, r := range w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN) {
				got = append(got, r.ScanFrequencies())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("scanned frequencies (-want +got):\n%s\nlog:\n%s", diff, w.log())
			}
		})
	}
}
