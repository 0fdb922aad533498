package nl80211

import (
	"testing"

	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/google/go-cmp/cmp"
)

func TestWiphyChannelsFromSplitDump(t *testing.T) {
	k := nl80211test.New()
	k.AddWiphy(nl80211test.Wiphy{Index: 0, Name: "phy0", Bands: [][]nl80211test.Channel{
		{{Freq: 2412}, {Freq: 2467, NoIR: true}, {Freq: 2484, Disabled: true}},
		{{Freq: 5180, NoIR: true}, {Freq: 5200}, {Freq: 5260, Radar: true}},
	}})
	c, err := NewClient(k.Conns())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w, err := c.Wiphy(0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Channel{{Freq: 2412}, {Freq: 2467, NoIR: true}, {Freq: 2484, Disabled: true}, {Freq: 5180, NoIR: true}, {Freq: 5200},
		{Freq: 5260, Radar: true}}
	if diff := cmp.Diff(want, w.Channels); diff != "" {
		t.Errorf("Channels (-want +got):\n%s", diff)
	}
	active, passive := SplitChannels(w.Channels)
	if diff := cmp.Diff([]int{2412, 5200}, active); diff != "" {
		t.Errorf("SplitChannels() active (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{2467, 5180, 5260}, passive); diff != "" {
		t.Errorf("SplitChannels() passive (-want +got):\n%s", diff)
	}
}
