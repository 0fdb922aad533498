package cmdline

import (
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/google/go-cmp/cmp"
)

func TestParseFleet(t *testing.T) {
	type fleet struct {
		Overlay   *Overlay
		Persist   *nfsroot.Spec
		PersistAt string
		Readahead *nfsroot.Readahead
	}
	tests := []struct {
		name    string
		cmdline string
		want    fleet
		wantErr string // in the one error, "" for none
	}{
		{name: "none", cmdline: "root=/dev/nfs"},
		{name: "overlay", cmdline: "airroot.overlay=tmpfs", want: fleet{Overlay: &Overlay{}}},
		{name: "overlay with a percentage", cmdline: "airroot.overlay=tmpfs,size=50%", want: fleet{Overlay: &Overlay{Size: "50%"}}},
		{name: "overlay in megabytes", cmdline: "airroot.overlay=tmpfs,size=256m", want: fleet{Overlay: &Overlay{Size: "256m"}}},
		{name: "overlay on disk", cmdline: "airroot.overlay=ext4", wantErr: "want tmpfs"},
		{name: "overlay bad size", cmdline: "airroot.overlay=tmpfs,size=lots", wantErr: "size=<size>"},
		{name: "overlay two units", cmdline: "airroot.overlay=tmpfs,size=5mm", wantErr: "size=<size>"},
		{name: "overlay other option", cmdline: "airroot.overlay=tmpfs,mode=0755", wantErr: "size=<size>"},
		{name: "persist with server and options",
			cmdline: "airroot.persist=10.0.0.1:/srv/boards/%m,port=2050 airroot.persist.at=/var/lib/board/",
			want: fleet{Persist: &nfsroot.Spec{Server: "10.0.0.1", Path: "/srv/boards/%m", Options: []string{"port=2050"}, Version: 3},
				PersistAt: "/var/lib/board"}},
		{name: "persist on the root's server", cmdline: "airroot.persist=/srv/boards/%h",
			want: fleet{Persist: &nfsroot.Spec{Path: "/srv/boards/%h", Version: 3}}},
		{name: "persist without a directory", cmdline: "airroot.persist=10.0.0.1:", wantErr: "no directory"},
		{name: "persist at the root", cmdline: "airroot.persist.at=/", wantErr: "other than /"},
		{name: "persist at a relative path", cmdline: "airroot.persist.at=persist", wantErr: "absolute"},
		{name: "read-ahead in megabytes", cmdline: "airroot.nfs.readahead=4m", want: fleet{Readahead: &nfsroot.Readahead{KiB: 4096}}},
		{name: "read-ahead the kernel's", cmdline: "airroot.nfs.readahead=kernel", want: fleet{Readahead: &nfsroot.Readahead{Kernel: true}}},
		{name: "read-ahead last wins", cmdline: "airroot.nfs.readahead=kernel airroot.nfs.readahead=256",
			want: fleet{Readahead: &nfsroot.Readahead{KiB: 256}}},
		{name: "read-ahead bad value keeps the earlier", cmdline: "airroot.nfs.readahead=512k airroot.nfs.readahead=lots",
			want: fleet{Readahead: &nfsroot.Readahead{KiB: 512}}, wantErr: "want kernel or a size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, errs := Parse(tt.cmdline)
			got := fleet{cfg.Overlay, cfg.Persist, cfg.PersistAt, cfg.NFSReadahead}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.cmdline, diff)
			}
			switch {
			case tt.wantErr == "" && len(errs) != 0:
				t.Errorf("Parse(%q) errors %v, want none", tt.cmdline, errs)
			case tt.wantErr != "" && (len(errs) != 1 || !errors.Is(errs[0], ErrBadValue) || !strings.Contains(errs[0].Error(), tt.wantErr)):
				t.Errorf("Parse(%q) errors %v, want one bad value naming %q", tt.cmdline, errs, tt.wantErr)
			}
		})
	}
}
