package boot

import (
	"testing"

	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/google/go-cmp/cmp"
)

func TestTmpfsOptions(t *testing.T) {
	tests := []struct {
		name string
		o    cmdline.Overlay
		want string
	}{
		{name: "default size", want: "mode=0755"},
		{name: "size", o: cmdline.Overlay{Size: "50%"}, want: "mode=0755,size=50%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tmpfsOptions(&tt.o); got != tt.want {
				t.Errorf("tmpfsOptions(%+v) = %q, want %q", tt.o, got, tt.want)
			}
		})
	}
}

func TestPersistSpec(t *testing.T) {
	root := nfsroot.Spec{Server: "10.0.2.2", Path: "/srv/root", Options: []string{"port=2049", "tcp"}, Version: 3}
	tests := []struct {
		name    string
		persist nfsroot.Spec
		want    nfsroot.Spec
	}{
		{name: "root's server and options",
			persist: nfsroot.Spec{Path: "/srv/boards/%m", Version: 3},
			want:    nfsroot.Spec{Server: "10.0.2.2", Path: "/srv/boards/%m", Options: []string{"port=2049", "tcp"}, Version: 3}},
		{name: "its own server and port win",
			persist: nfsroot.Spec{Server: "10.0.0.9", Path: "/boards/%h", Options: []string{"port=2050"}, Version: 3},
			want:    nfsroot.Spec{Server: "10.0.0.9", Path: "/boards/%h", Options: []string{"port=2049", "tcp", "port=2050"}, Version: 3}},
		{name: "its own version",
			persist: nfsroot.Spec{Path: "/boards/%n", Options: []string{"vers=4.2"}, Version: 4},
			want:    nfsroot.Spec{Server: "10.0.2.2", Path: "/boards/%n", Options: []string{"port=2049", "tcp", "vers=4.2"}, Version: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, persistSpec(root, tt.persist)); diff != "" {
				t.Errorf("persistSpec (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPersistDir(t *testing.T) {
	for _, tt := range []struct{ at, want string }{{"", "/newroot/persist"}, {"/var/lib/board", "/newroot/var/lib/board"}} {
		if got := persistDir("/newroot", tt.at); got != tt.want {
			t.Errorf("persistDir(%q) = %q, want %q", tt.at, got, tt.want)
		}
	}
}
