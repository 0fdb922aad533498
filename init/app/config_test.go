package app

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       map[string]string
		want     Config
		wantErrs int
	}{
		{name: "nothing asked", in: map[string]string{"debug": "", "wifi.eapol": "packet"}, want: Config{}},
		{name: "seed 004's box, defaults", in: map[string]string{"app": ""}, want: Config{Asked: true}},
		{
			name: "every key",
			in:   map[string]string{"app": "/bin/app", "app.restart": "on-failure", "app.done": "reboot", "app.wait": "network"},
			want: Config{Name: "/bin/app", Restart: OnFailure, Done: Reboot, WaitNetwork: true, Asked: true},
		},
		{
			name: "never and poweroff, no wait",
			in:   map[string]string{"app": "run.sh", "app.restart": "never", "app.done": "poweroff", "app.wait": "none"},
			want: Config{Name: "run.sh", Restart: Never, Done: PowerOff, Asked: true},
		},
		{
			name:     "bad values keep the defaults",
			in:       map[string]string{"app.restart": "sometimes", "app.done": "explode", "app.wait": "dhcp", "app.colour": "red"},
			want:     Config{Asked: true},
			wantErrs: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Parse(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
			if len(errs) != tt.wantErrs {
				t.Errorf("Parse errors = %v, want %d", errs, tt.wantErrs)
			}
			for _, err := range errs {
				if !errors.Is(err, ErrBadValue) {
					t.Errorf("error %v is not ErrBadValue", err)
				}
			}
		})
	}
}

func TestArgsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "none", args: nil},
		{name: "some", args: []string{"-listen", ":80", "", "two words", "tab\there"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := FormatArgs(tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.args, ParseArgs(data)); diff != "" {
				t.Errorf("ParseArgs(FormatArgs) (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := FormatArgs([]string{"a\nb"}); !errors.Is(err, ErrBadValue) {
		t.Errorf("FormatArgs with a newline: %v, want ErrBadValue", err)
	}
}
