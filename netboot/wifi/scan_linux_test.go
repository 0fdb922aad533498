package wifi

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

func TestJoinUsesWhatAnOverdueScanFound(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
	w := newWorld(t, ccmpWiphy, ap)
	w.k.StallScans = true
	opts := w.options()
	opts.ScanTimeout = 50 * time.Millisecond
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

func TestJoinScansActiveChannelsFirst(t *testing.T) {
	tests := []struct {
		name string
		freq int
		want [][]int // the frequencies of each TRIGGER_SCAN
	}{
		{name: "found on a channel it may probe", freq: 2437, want: [][]int{{2412, 2437}}},
		{name: "found only by listening", freq: 5200, want: [][]int{{2412, 2437}, {5180, 5200}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "home", "correct horse battery staple", rsnePSKCCMP)
			ap.bss.Frequency = tt.freq
			w := newWorld(t, dualBandWiphy, ap)
			if _, err := w.join(homeConf, w.options()); err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			var got [][]int
			for _, r := range w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN) {
				got = append(got, scanFrequencies(t, r))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("scanned frequencies (-want +got):\n%s\nlog:\n%s", diff, w.log())
			}
		})
	}
}

// scanFrequencies decodes NL80211_ATTR_SCAN_FREQUENCIES of a request.
func scanFrequencies(t *testing.T, r nl80211test.Request) []int {
	t.Helper()
	b, ok := r.Attr(unix.NL80211_ATTR_SCAN_FREQUENCIES)
	if !ok {
		return nil
	}
	attrs, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, a := range attrs {
		out = append(out, int(binary.NativeEndian.Uint32(a.Data)))
	}
	return out
}
