package netboot

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/nfsroot"
)

func TestSetReadaheadWithoutAMount(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "not-mounted")
	tests := []struct {
		name    string
		ra      nfsroot.Readahead
		wantErr string // "" for none
	}{
		{name: "the kernel's touches nothing", ra: nfsroot.Readahead{Kernel: true}},
		{name: "a window needs the mount", ra: nfsroot.Readahead{KiB: 4096}, wantErr: "stat " + missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			was, err := SetReadahead(missing, tt.ra)
			switch {
			case tt.wantErr == "" && (err != nil || was != 0):
				t.Errorf("SetReadahead(%q, %+v) = %d, %v; want 0, nil", missing, tt.ra, was, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("SetReadahead(%q, %+v) error %v, want one naming %q", missing, tt.ra, err, tt.wantErr)
			}
		})
	}
}
