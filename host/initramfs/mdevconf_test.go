package initramfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

func TestBuildWarnsOfMdevCommandsWithoutShell(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	withCommands := write("commands.conf", "# hooks\nsd[a-z] root:disk 660 @mount-it\nnull 0:0 666\n-eth[0-9] 0:0 600 $ifdown \"$MDEV\"\n")
	noCommands := write("nodes.conf", "null 0:0 666\n")
	shell := write("busybox", "\x7fELF busybox")
	tests := []struct {
		name  string
		extra []Extra
		want  []string
	}{
		{
			name:  "commands, no shell",
			extra: []Extra{{From: withCommands, To: "/etc/mdev.conf"}},
			want: []string{"/etc/mdev.conf has rules with commands but nothing is added at /bin/sh, so they cannot run " +
				`(add a static busybox: --add BUSYBOX:/bin/sh): line 2 (@mount-it), line 4 ($ifdown "$MDEV")`},
		},
		{name: "commands and a shell", extra: []Extra{{From: withCommands, To: "/etc/mdev.conf"}, {From: shell, To: "/bin/sh"}}},
		{name: "no commands", extra: []Extra{{From: noCommands, To: "/etc/mdev.conf"}}},
		{name: "no mdev.conf", extra: []Extra{{From: withCommands, To: "/etc/other.conf"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warnings, err := Build(Spec{Init: testutil.FakeInit(t), Extra: tt.extra})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range warnings {
				if strings.Contains(w, "mdev.conf") {
					got = append(got, w)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mdev.conf warnings (-want +got):\n%s", diff)
			}
		})
	}
}
