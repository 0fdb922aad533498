package keeper

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKeeperEnv(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want []string
	}{
		{name: "kernel defaults and command-line variables",
			env: []string{"HOME=/", "TERM=linux", "NLDEBUG=level=9", "GODEBUG=panicnil=1", "GOTRACEBACK=none",
				"PATH=/sbin:/bin", "UROOT_NOHWRNG=1", "rd.shell=1"},
			want: []string{"PATH=/sbin:/bin"}},
		{name: "the test trigger", env: []string{PanicTestEnv + "=1", "NLDEBUG=1"}, want: []string{PanicTestEnv + "=1"}},
		{name: "a prefix is not the name", env: []string{"PATHX=1", "PATH", "NLDEBUG"}},
		{name: "empty", env: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, keeperEnv(tt.env)); diff != "" {
				t.Errorf("keeperEnv (-want +got):\n%s", diff)
			}
		})
	}
}
