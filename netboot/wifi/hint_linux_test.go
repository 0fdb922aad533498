package wifi

import (
	"bytes"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

const cafeConf = "network={\n ssid=\"cafe\"\n key_mgmt=NONE\n}\n"

// TestRejoinHint ends a session in each way and rejoins with its hint: after
// the access point's own deauthentication the rejoin connects without a scan,
// after a loss the station noticed itself it scans the lost channel only.
func TestRejoinHint(t *testing.T) {
	tests := []struct {
		name      string
		lose      func(w *world, ap *fakeAP)
		direct    bool
		wantScans [][]int // frequencies of the rejoin's TRIGGER_SCANs
	}{
		{name: "deauthenticated by the access point: straight back", direct: true,
			lose: func(w *world, ap *fakeAP) { w.k.Deauthenticated(ifindex, ap.bss.BSSID, testutil.MAC(w.t, staMAC), 2) }},
		{name: "beacons lost: the lost channel first",
			lose:      func(w *world, _ *fakeAP) { w.k.Disconnected(ifindex, 4, false) },
			wantScans: [][]int{{2437}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ap := newFakeAP(t, "02:00:00:00:00:01", "cafe", "", nil)
			ap.bss.Frequency = 2437
			w := newWorld(t, dualBandWiphy, ap)
			s, err := w.join(cafeConf, w.options())
			if err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			scansBefore := len(w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN))
			tt.lose(w, ap)
			hint := s.RejoinHint()
			if got := hint.BSS != nil; got != tt.direct {
				t.Errorf("RejoinHint() names the access point: %v, want %v", got, tt.direct)
			}
			if diff := cmp.Diff([]int{2437}, hint.Frequencies); diff != "" {
				t.Errorf("RejoinHint().Frequencies (-want +got):\n%s", diff)
			}
			opts := w.options()
			opts.Hint = hint
			again, err := w.join(cafeConf, opts)
			if err != nil {
				t.Fatalf("rejoin: %v\n%s", err, w.log())
			}
			if !bytes.Equal(again.BSSID, ap.bss.BSSID) {
				t.Errorf("rejoined %s, want %s", again.BSSID, ap.bss.BSSID)
			}
			var scans [][]int
			for _, r := range w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN)[scansBefore:] {
				scans = append(scans, r.ScanFrequencies())
			}
			if diff := cmp.Diff(tt.wantScans, scans); diff != "" {
				t.Errorf("rejoin's scans (-want +got):\n%s\nlog:\n%s", diff, w.log())
			}
		})
	}
}

// TestJoinHintedBSSGoneFallsBackToTheChannel: the hinted access point does not
// answer; the same network's other access point on the hinted channel does.
func TestJoinHintedBSSGoneFallsBackToTheChannel(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "cafe", "", nil)
	ap.bss.Frequency = 2437
	w := newWorld(t, dualBandWiphy, ap)
	gone := nl80211.BSS{BSSID: testutil.MAC(t, "02:00:00:00:00:09"), Frequency: 2437, SSID: "cafe", Capability: 1}
	opts := w.options()
	opts.Hint = Hint{BSS: &gone, Frequencies: []int{2437}}
	s, err := w.join(cafeConf, opts)
	if err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	if !bytes.Equal(s.BSSID, ap.bss.BSSID) {
		t.Errorf("joined %s, want %s", s.BSSID, ap.bss.BSSID)
	}
	var got []string
	for _, r := range w.k.Requests(0) {
		switch r.Command {
		case unix.NL80211_CMD_CONNECT:
			got = append(got, "connect")
		case unix.NL80211_CMD_TRIGGER_SCAN:
			got = append(got, "scan")
		}
	}
	if diff := cmp.Diff([]string{"connect", "scan", "connect"}, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s\nlog:\n%s", diff, w.log())
	}
}

// TestHintedJoinHonoursScanFreq: with scan_freq= on every network a rejoin
// scans those channels, whatever its round.
func TestHintedJoinHonoursScanFreq(t *testing.T) {
	ap := newFakeAP(t, "02:00:00:00:00:01", "cafe", "", nil)
	ap.bss.Frequency = 2437
	w := newWorld(t, dualBandWiphy, ap)
	opts := w.options()
	opts.Hint = Hint{Frequencies: []int{2437}, Round: 2}
	if _, err := w.join("network={\n ssid=\"cafe\"\n key_mgmt=NONE\n scan_freq=2412 2437\n}\n", opts); err != nil {
		t.Fatalf("Join: %v\n%s", err, w.log())
	}
	var scans [][]int
	for _, r := range w.k.Requests(unix.NL80211_CMD_TRIGGER_SCAN) {
		scans = append(scans, r.ScanFrequencies())
	}
	if diff := cmp.Diff([][]int{{2412, 2437}}, scans); diff != "" {
		t.Errorf("scans (-want +got):\n%s", diff)
	}
}
