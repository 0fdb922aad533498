package wifi

import (
	"testing"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/google/go-cmp/cmp"
)

func TestScanPasses(t *testing.T) {
	dualBand := []nl80211.Channel{{Freq: 2412}, {Freq: 2437}, {Freq: 2467, NoIR: true},
		{Freq: 2484, Disabled: true}, {Freq: 5180, NoIR: true}, {Freq: 5260, NoIR: true, Radar: true}}
	allActive := []nl80211.Channel{{Freq: 2412}, {Freq: 2437}, {Freq: 2484, Disabled: true}}
	allPassive := []nl80211.Channel{{Freq: 5180, NoIR: true}, {Freq: 5200, NoIR: true}}
	probe := []string{"hidden", ""}
	tests := []struct {
		name     string
		req      nl80211.ScanRequest
		channels []nl80211.Channel
		want     []nl80211.ScanRequest
	}{
		{name: "active channels first, then passive", req: nl80211.ScanRequest{SSIDs: probe}, channels: dualBand,
			want: []nl80211.ScanRequest{
				{SSIDs: probe, Frequencies: []int{2412, 2437}},
				{SSIDs: probe, Frequencies: []int{2467, 5180, 5260}},
			}},
		{name: "freq_list is the only pass", req: nl80211.ScanRequest{Frequencies: []int{5180}}, channels: dualBand,
			want: []nl80211.ScanRequest{{Frequencies: []int{5180}}}},
		{name: "all active: one full scan", req: nl80211.ScanRequest{SSIDs: probe}, channels: allActive,
			want: []nl80211.ScanRequest{{SSIDs: probe}}},
		{name: "all passive: one full scan", channels: allPassive, want: []nl80211.ScanRequest{{}}},
		{name: "channels unknown: one full scan", req: nl80211.ScanRequest{SSIDs: probe},
			want: []nl80211.ScanRequest{{SSIDs: probe}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanPasses(tt.req, tt.channels)); diff != "" {
				t.Errorf("scanPasses() (-want +got):\n%s", diff)
			}
		})
	}
}
