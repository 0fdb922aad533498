package wifi

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"golang.org/x/sys/unix"
)

// worldWiphy is a radio in the world regulatory domain: 2.4 GHz channels
// 1-11 it may probe, 12 and 13 and a 5 GHz one it may only listen on.
var worldWiphy = func() nl80211test.Wiphy {
	w := ccmpWiphy
	var low []nl80211test.Channel
	for ch := 1; ch <= 13; ch++ {
		low = append(low, nl80211test.Channel{Freq: 2407 + 5*ch, NoIR: ch > 11})
	}
	w.Bands = [][]nl80211test.Channel{low, {{Freq: 5180, NoIR: true}}}
	return w
}()

// scanDwell is how long the fake kernel's scans spend on each channel.
const scanDwell = 20 * time.Millisecond

// scanStopAP is an access point of network ssid on freq at signal dBm;
// stale: gone, though the kernel still lists it.
type scanStopAP struct {
	bssid, ssid  string
	freq, signal int
	stale        bool
}

func TestJoinStopsScanOnGoodCandidate(t *testing.T) {
	const twoNetworks = "network={\n ssid=\"home\"\n psk=\"correct horse battery staple\"\n priority=1\n}\n" +
		"network={\n ssid=\"work\"\n psk=\"correct horse battery staple\"\n priority=5\n}\n"
	tests := []struct {
		name       string
		conf       string
		aps        []scanStopAP
		hint       Hint
		refuse     bool   // the driver refuses ABORT_SCAN: the scan must run to its end
		wantAborts int    // ABORT_SCAN requests
		wantLog    string // "" for none
		want       string // the BSSID joined
	}{
		{name: "good candidate heard mid-scan", conf: homeConf,
			aps:        []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2437, signal: -40}},
			wantAborts: 1, wantLog: `scan stopped after`, want: "02:00:00:00:00:01"},
		{name: "the stop names what was heard", conf: homeConf,
			aps:        []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2462, signal: -30}},
			wantAborts: 1, wantLog: `: heard "home" on 2462 MHz at -30 dBm`, want: "02:00:00:00:00:01"},
		{name: "weak candidate: the scan runs on", conf: homeConf,
			aps:  []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2412, signal: -70}},
			want: "02:00:00:00:00:01"},
		{name: "stale entry: the scan runs on", conf: homeConf,
			aps: []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2412, signal: -30, stale: true},
				{bssid: "02:00:00:00:00:02", ssid: "home", freq: 2457, signal: -70}},
			wantLog: "last heard 5s ago, before this scan", want: "02:00:00:00:00:02"},
		{name: "a lower priority network does not stop the scan", conf: twoNetworks,
			aps: []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2412, signal: -30},
				{bssid: "02:00:00:00:00:03", ssid: "work", freq: 2442, signal: -60}},
			wantAborts: 1, wantLog: `heard "work" on 2442 MHz`, want: "02:00:00:00:00:03"},
		{name: "abort refused: wait for the scan's end", conf: homeConf, refuse: true,
			aps:        []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2412, signal: -40}},
			wantAborts: 1, wantLog: `heard "home" on 2412 MHz at -40 dBm after`,
			want: "02:00:00:00:00:01"},
		{name: "rejoin: a widened round stops on the lost channel", conf: homeConf,
			hint:       Hint{Frequencies: []int{2437}, Round: 2},
			aps:        []scanStopAP{{bssid: "02:00:00:00:00:01", ssid: "home", freq: 2437, signal: -40}},
			wantAborts: 1, wantLog: `heard "home" on 2437 MHz`, want: "02:00:00:00:00:01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, worldWiphy)
			for _, a := range tt.aps {
				ap := newFakeAP(t, a.bssid, a.ssid, "correct horse battery staple", rsnePSKCCMP)
				ap.bss.Frequency, ap.bss.Signal, ap.bss.Stale = a.freq, int32(a.signal*100), a.stale
				w.add(ap)
			}
			w.k.ScanDwell = scanDwell
			if tt.refuse {
				w.k.Fail(unix.NL80211_CMD_ABORT_SCAN, int(syscall.EOPNOTSUPP))
			}
			opts := w.options()
			opts.ScanPoll, opts.Hint = scanDwell/4, tt.hint
			start, log := time.Now(), opts.Log
			var scanned time.Duration // from Join's start to the first scan's end
			opts.Log = func(format string, args ...any) {
				if strings.HasPrefix(format, "wifi: scan found") && scanned == 0 {
					scanned = time.Since(start)
				}
				log(format, args...)
			}
			s, err := w.join(tt.conf, opts)
			if err != nil {
				t.Fatalf("Join: %v\n%s", err, w.log())
			}
			if got := s.BSSID.String(); got != tt.want {
				t.Errorf("joined %s, want %s\n%s", got, tt.want, w.log())
			}
			if n := len(w.k.Requests(unix.NL80211_CMD_ABORT_SCAN)); n != tt.wantAborts {
				t.Errorf("%d ABORT_SCAN requests, want %d\n%s", n, tt.wantAborts, w.log())
			}
			stopped := strings.Contains(w.log(), "scan stopped after")
			if wantStop := tt.wantAborts > 0 && !tt.refuse; stopped != wantStop {
				t.Errorf("log says the scan stopped early: %v, want %v\n%s", stopped, wantStop, w.log())
			}
			if tt.refuse && scanned < 11*scanDwell {
				t.Errorf("with ABORT_SCAN refused, the scan returned after %v, before visiting its 11 channels (%v)", scanned, 11*scanDwell)
			}
			if tt.wantLog != "" && !strings.Contains(w.log(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, w.log())
			}
		})
	}
}
