package kernel

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    Config
		wantErr bool
	}{
		{
			name: "debian",
			text: "#\n# Automatically generated file; DO NOT EDIT.\n#\nCONFIG_RD_GZIP=y\nCONFIG_NFS_FS=m\n# CONFIG_RD_LZ4 is not set\nCONFIG_CMDLINE=\"\"\n\n",
			want: Config{"CONFIG_RD_GZIP": "y", "CONFIG_NFS_FS": "m", "CONFIG_CMDLINE": `""`},
		},
		{name: "no CONFIG_ prefix", text: "RD_GZIP=y\n", wantErr: true},
		{name: "no value", text: "CONFIG_RD_GZIP\n", wantErr: true},
		{name: "bare prefix", text: "CONFIG_=y\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseConfig(strings.NewReader(tt.text))
			if tt.wantErr {
				if !errors.Is(err, ErrConfigSyntax) {
					t.Errorf("ParseConfig = %v, want ErrConfigSyntax", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigEnabled(t *testing.T) {
	c := Config{"CONFIG_A": "y", "CONFIG_B": "m", "CONFIG_C": "n"}
	for opt, want := range map[string][2]bool{"CONFIG_A": {true, true}, "CONFIG_B": {true, false}, "CONFIG_C": {false, false}, "CONFIG_D": {false, false}} {
		if c.Enabled(opt) != want[0] || c.BuiltIn(opt) != want[1] {
			t.Errorf("%s: Enabled %v BuiltIn %v, want %v", opt, c.Enabled(opt), c.BuiltIn(opt), want)
		}
	}
}

// FuzzParseConfig checks that ParseConfig never panics and that every
// option it returns is named CONFIG_something.
func FuzzParseConfig(f *testing.F) {
	f.Add("CONFIG_RD_GZIP=y\n# CONFIG_RD_XZ is not set\n")
	f.Add("CONFIG_X=\"a=b\"\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseConfig(strings.NewReader(text))
		if err != nil {
			return
		}
		for name := range c {
			if !strings.HasPrefix(name, "CONFIG_") || len(name) == len("CONFIG_") || strings.ContainsAny(name, " \t\n") {
				t.Errorf("option %q", name)
			}
		}
	})
}
