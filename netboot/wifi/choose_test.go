package wifi

import (
	"errors"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"github.com/google/go-cmp/cmp"
)

func TestEnabled(t *testing.T) {
	got := enabled([]conf.Network{
		{SSID: "a", Priority: 1}, {SSID: "b", Priority: 5, Disabled: true}, {SSID: "c", Priority: 5}, {SSID: "d", Priority: 1},
	})
	var ssids []string
	for _, n := range got {
		ssids = append(ssids, n.SSID)
	}
	if diff := cmp.Diff([]string{"c", "a", "d"}, ssids); diff != "" {
		t.Errorf("enabled networks in order (-want +got):\n%s", diff)
	}
}

func TestScanRequest(t *testing.T) {
	tests := []struct {
		name     string
		networks []conf.Network
		max      int
		want     nl80211.ScanRequest
	}{
		{
			name:     "visible networks: wildcard only",
			networks: []conf.Network{{SSID: "home"}, {SSID: "work"}},
			max:      4,
			want:     nl80211.ScanRequest{SSIDs: []string{""}},
		},
		{
			name:     "hidden networks probed, once each",
			networks: []conf.Network{{SSID: "attic", ScanSSID: true}, {SSID: "home"}, {SSID: "attic", ScanSSID: true}},
			max:      4,
			want:     nl80211.ScanRequest{SSIDs: []string{"attic", ""}},
		},
		{
			name:     "the wiphy's limit keeps room for the wildcard",
			networks: []conf.Network{{SSID: "a", ScanSSID: true}, {SSID: "b", ScanSSID: true}, {SSID: "c", ScanSSID: true}},
			max:      2,
			want:     nl80211.ScanRequest{SSIDs: []string{"a", ""}},
		},
		{
			name:     "passive scan when the wiphy cannot probe",
			networks: []conf.Network{{SSID: "a", ScanSSID: true}},
			want:     nl80211.ScanRequest{},
		},
		{
			name:     "freq_list of every network",
			networks: []conf.Network{{SSID: "a", FreqList: []int{5180, 2412}}, {SSID: "b", FreqList: []int{2412, 2437}}},
			max:      4,
			want:     nl80211.ScanRequest{SSIDs: []string{""}, Frequencies: []int{2412, 2437, 5180}},
		},
		{
			name: "scan_freq of every network, before freq_list",
			networks: []conf.Network{{SSID: "a", ScanFreq: []int{2437}, FreqList: []int{2412, 2437}},
				{SSID: "b", FreqList: []int{5180}}},
			max:  4,
			want: nl80211.ScanRequest{SSIDs: []string{""}, Frequencies: []int{2437, 5180}},
		},
		{
			name:     "one network without scan_freq or freq_list scans everything",
			networks: []conf.Network{{SSID: "a", ScanFreq: []int{2412}}, {SSID: "b"}},
			max:      4,
			want:     nl80211.ScanRequest{SSIDs: []string{""}},
		},
		{
			name:     "one network without freq_list scans everything",
			networks: []conf.Network{{SSID: "a", FreqList: []int{2412}}, {SSID: "b"}},
			max:      4,
			want:     nl80211.ScanRequest{SSIDs: []string{""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, scanRequest(tt.networks, tt.max)); diff != "" {
				t.Errorf("scanRequest (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCandidates(t *testing.T) {
	ap1, ap2, ap3 := testutil.MAC(t, "02:00:00:00:00:01"), testutil.MAC(t, "02:00:00:00:00:02"), testutil.MAC(t, "02:00:00:00:00:03")
	bsses := []nl80211.BSS{
		{BSSID: ap1, SSID: "home", Frequency: 2412, Signal: -8000},
		{BSSID: ap2, SSID: "home", Frequency: 5180, Signal: -3000},
		{BSSID: ap3, SSID: "work", Frequency: 2437, Signal: -6000},
		{BSSID: testutil.MAC(t, "02:00:00:00:00:04"), SSID: "", Frequency: 2462, Signal: -2000},
	}
	tests := []struct {
		name     string
		networks []conf.Network // in priority order
		want     []string
	}{
		{"priority first", []conf.Network{{SSID: "work"}, {SSID: "home"}}, []string{"02:00:00:00:00:03", "02:00:00:00:00:02", "02:00:00:00:00:01"}},
		{"signal within a network", []conf.Network{{SSID: "home"}}, []string{"02:00:00:00:00:02", "02:00:00:00:00:01"}},
		{"bssid pin", []conf.Network{{SSID: "home", BSSID: ap1}}, []string{"02:00:00:00:00:01"}},
		{"freq_list", []conf.Network{{SSID: "home", FreqList: []int{5180}}}, []string{"02:00:00:00:00:02"}},
		{"nothing configured is around", []conf.Network{{SSID: "cafe"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range candidates(bsses, tt.networks) {
				got = append(got, c.bss.BSSID.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("candidates (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	ap1 := testutil.MAC(t, "02:00:00:00:00:01")
	bsses := []nl80211.BSS{
		{BSSID: ap1, SSID: "home", Frequency: 2412, Signal: -8000},
		{BSSID: testutil.MAC(t, "02:00:00:00:00:02"), SSID: "cafe, upstairs", Signal: -3000},
		{BSSID: testutil.MAC(t, "02:00:00:00:00:03"), SSID: "", Signal: -5000},
		{BSSID: testutil.MAC(t, "02:00:00:00:00:05"), SSID: "cafe, upstairs", Signal: -4000},
	}
	tests := []struct {
		name     string
		networks []conf.Network
		want     string
	}{
		{
			name:     "absent",
			networks: []conf.Network{{SSID: "work"}, {SSID: "office"}},
			want:     `SSID "work" or "office" not found (seen: "cafe, upstairs", home, 1 hidden; a hidden network needs scan_ssid=1)`,
		},
		{
			name:     "elsewhere than bssid=",
			networks: []conf.Network{{SSID: "home", BSSID: testutil.MAC(t, "02:00:00:00:00:09")}},
			want:     `SSID "home" found, but not within the configured bssid=02:00:00:00:00:09 (seen at: 02:00:00:00:00:01 on 2412 MHz): SSID not found`,
		},
		{
			name:     "elsewhere than freq_list=",
			networks: []conf.Network{{SSID: "home", FreqList: []int{5180, 5200}}},
			want:     `SSID "home" found, but not within the configured freq_list=5180 5200 (seen at: 02:00:00:00:00:01 on 2412 MHz): SSID not found`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := notFound(bsses, tt.networks)
			if err.Error() != tt.want || !errors.Is(err, ErrNotFound) {
				t.Errorf("notFound = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestNotFoundErrorWithNothingSeen(t *testing.T) {
	err := &NotFoundError{SSIDs: []string{"home"}}
	if got, want := err.Error(), `SSID "home" not found (seen: none)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
