package wifi

import (
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/google/go-cmp/cmp"
)

func TestScanPasses(t *testing.T) {
	dualBand := []nl80211.Channel{{Freq: 2412}, {Freq: 2437}, {Freq: 2467, NoIR: true},
		{Freq: 2484, Disabled: true}, {Freq: 5180, NoIR: true}, {Freq: 5260, NoIR: true, Radar: true}}
	allActive := []nl80211.Channel{{Freq: 2412}, {Freq: 2437}, {Freq: 2484, Disabled: true}}
	gb := []nl80211.Channel{{Freq: 2412}, {Freq: 2472}, {Freq: 5180}, {Freq: 5260, Radar: true}, {Freq: 5745}, {Freq: 5955}}
	allPassive := []nl80211.Channel{{Freq: 5180, NoIR: true}, {Freq: 5200, NoIR: true}}
	var world2G []nl80211.Channel // the world domain: channels 1-11 active, 12-13 passive
	for ch := 1; ch <= 13; ch++ {
		world2G = append(world2G, nl80211.Channel{Freq: 2407 + 5*ch, NoIR: ch > 11})
	}
	world2G = append(world2G, nl80211.Channel{Freq: 5180, NoIR: true})
	probe := []string{"hidden", ""}
	tests := []struct {
		name     string
		req      nl80211.ScanRequest
		channels []nl80211.Channel
		want     []scanPass
	}{
		{name: "active channels first, then passive", req: nl80211.ScanRequest{SSIDs: probe}, channels: dualBand,
			want: []scanPass{
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{2412, 2437}}, what: "on the 2 2.4 GHz channels it may probe"},
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{2467, 5180, 5260}},
					what: "after listening on the 3 passive-only channels"},
			}},
		{name: "GB: 2.4 GHz, then the other probe channels, then radar ones", req: nl80211.ScanRequest{SSIDs: probe}, channels: gb,
			want: []scanPass{
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{2412, 2472}}, what: "on the 2 2.4 GHz channels it may probe"},
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{5180, 5745, 5955}}, what: "on the 3 other channels it may probe"},
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{5260}}, what: "after listening on the 1 passive-only channel"},
			}},
		{name: "freq_list is the only pass", req: nl80211.ScanRequest{Frequencies: []int{5180}}, channels: dualBand,
			want: []scanPass{{req: nl80211.ScanRequest{Frequencies: []int{5180}}}}},
		{name: "all active on 2.4 GHz: one scan of them", req: nl80211.ScanRequest{SSIDs: probe}, channels: allActive,
			want: []scanPass{{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{2412, 2437}}}}},
		{name: "channels 1, 6 and 11 first", req: nl80211.ScanRequest{SSIDs: probe}, channels: world2G,
			want: []scanPass{
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{2412, 2437, 2462, 2417, 2422, 2427, 2432, 2442, 2447, 2452, 2457}},
					what: "on the 11 2.4 GHz channels it may probe"},
				{req: nl80211.ScanRequest{SSIDs: probe, Frequencies: []int{2467, 2472, 5180}},
					what: "after listening on the 3 passive-only channels"},
			}},
		{name: "all passive: one full scan", channels: allPassive, want: []scanPass{{}}},
		{name: "channels unknown: one full scan", req: nl80211.ScanRequest{SSIDs: probe},
			want: []scanPass{{req: nl80211.ScanRequest{SSIDs: probe}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanPasses(tt.req, tt.channels), cmp.AllowUnexported(scanPass{})); diff != "" {
				t.Errorf("scanPasses() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHeardSince(t *testing.T) {
	bss := func(seenMs int) nl80211.BSS { return nl80211.BSS{Frequency: 2412 + seenMs, SeenMsAgo: seenMs} }
	tests := []struct {
		name             string
		bsses            []nl80211.BSS
		took             time.Duration
		fresh, staleOnes []nl80211.BSS
	}{
		{name: "all heard in the scan", bsses: []nl80211.BSS{bss(0), bss(900)}, took: time.Second,
			fresh: []nl80211.BSS{bss(0), bss(900)}},
		{name: "one heard just before it", bsses: []nl80211.BSS{bss(1900)}, took: time.Second, fresh: []nl80211.BSS{bss(1900)}},
		{name: "a vanished access point", bsses: []nl80211.BSS{bss(200), bss(12000)}, took: time.Second,
			fresh: []nl80211.BSS{bss(200)}, staleOnes: []nl80211.BSS{bss(12000)}},
		{name: "nothing heard", bsses: []nl80211.BSS{bss(5000)}, took: 2 * time.Second, staleOnes: []nl80211.BSS{bss(5000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fresh, stale := heardSince(tt.bsses, tt.took)
			if diff := cmp.Diff(tt.fresh, fresh); diff != "" {
				t.Errorf("fresh (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.staleOnes, stale); diff != "" {
				t.Errorf("stale (-want +got):\n%s", diff)
			}
		})
	}
}
