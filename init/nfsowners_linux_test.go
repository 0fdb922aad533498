package boot

import (
	"os"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot/nfsroot"
)

func TestCheckOwners(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a folder another owner needs root")
	}
	tests := []struct {
		name     string
		version  int
		uid, gid int
		warn     bool
	}{
		{"NFSv4, numeric owners", 4, 0, 0, false},
		{"NFSv4, owner unmapped (-2)", 4, 4294967294, 4294967294, true},
		{"NFSv4, group unmapped (65534)", 4, 0, 65534, true},
		{"NFSv3: owners are numbers on the wire", 3, 4294967294, 4294967294, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Chown(dir, tt.uid, tt.gid); err != nil {
				t.Fatal(err)
			}
			var console strings.Builder
			b := &Boot{Log: &bootlog.Logger{Console: &console}}
			b.checkOwners(dir, nfsroot.Spec{Server: "10.0.2.2", Path: "/srv/pi", Version: tt.version})
			got := console.String()
			if warned := strings.Contains(got, "Only_Numeric_Owners"); warned != tt.warn {
				t.Errorf("warned %v, want %v; console:\n%s", warned, tt.warn, got)
			}
			if tt.warn && !strings.Contains(got, "10.0.2.2:/srv/pi") {
				t.Errorf("the warning does not name the root:\n%s", got)
			}
		})
	}
}
