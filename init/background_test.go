package boot

import (
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
)

// TestBackground: a background step's outcome, its timeline entry and a panic
// in it, which must become the step's error rather than end PID 1.
func TestBackground(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		fn      func() error
		wantErr string
	}{
		{name: "ok", fn: func() error { return nil }},
		{name: "error", fn: func() error { return boom }, wantErr: "boom"},
		{name: "panic", fn: func() error { panic("index out of range") }, wantErr: "internal error in the devices step: index out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var console strings.Builder
			b := &Boot{Log: &bootlog.Logger{Console: &console}}
			b.Timeline.Now = func() float64 { return 1.5 }
			err := b.background("devices", tt.fn).wait()
			if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("wait() = %v, want %q", err, tt.wantErr)
			}
			if tt.name == "panic" {
				return // the step never ended: no timeline entry
			}
			if len(b.Timeline.Steps) != 1 || b.Timeline.Steps[0].Name != "devices" {
				t.Errorf("timeline %+v, want the devices step", b.Timeline.Steps)
			}
		})
	}
}
