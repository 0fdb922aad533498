package nl80211

import "testing"

func TestChannelActive(t *testing.T) {
	tests := []struct {
		name string
		c    Channel
		want bool
	}{
		{name: "open to probing", c: Channel{Freq: 2412}, want: true},
		{name: "no initiating radiation", c: Channel{Freq: 5180, NoIR: true}},
		{name: "radar alone, as country=GB sets it", c: Channel{Freq: 5500, Radar: true}},
		{name: "radar and no-IR, as the world domain sets it", c: Channel{Freq: 5260, NoIR: true, Radar: true}},
		{name: "disabled", c: Channel{Freq: 2484, Disabled: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Active(); got != tt.want {
				t.Errorf("%+v.Active() = %v, want %v", tt.c, got, tt.want)
			}
		})
	}
}
