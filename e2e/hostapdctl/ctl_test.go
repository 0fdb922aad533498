package hostapdctl

import "testing"

func TestIsEvent(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want bool
	}{
		{name: "event", msg: "<3>AP-ENABLED", want: true},
		{name: "reply", msg: "state=ENABLED\n"},
		{name: "pong", msg: "PONG\n"},
		{name: "no level", msg: "<>x"},
		{name: "not a number", msg: "<a>x"},
		{name: "short", msg: "<"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsEvent(tt.msg); got != tt.want {
				t.Errorf("IsEvent(%q) = %v, want %v", tt.msg, got, tt.want)
			}
		})
	}
}
