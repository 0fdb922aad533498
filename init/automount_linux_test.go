package boot

import (
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/init/layout"
)

func TestSetUpAutomount(t *testing.T) {
	if exists(layout.App.Path) {
		t.Skipf("this machine has %s, which means a built-in app", layout.App.Path)
	}
	tests := []struct {
		cmdline       string
		wantOn        bool
		wantReadWrite bool
		wantWarning   string
	}{
		{cmdline: "ip=dhcp airroot.app=box"},
		{cmdline: "ip=dhcp airroot.automount", wantOn: true},
		{cmdline: "ip=dhcp airroot.automount=ro", wantOn: true},
		{cmdline: "ip=dhcp airroot.automount=rw", wantOn: true, wantReadWrite: true},
		{cmdline: "ip=dhcp airroot.automount=off"},
		{cmdline: "ip=dhcp airroot.automount=maybe", wantWarning: `bad airroot.automount "maybe"`},
		{cmdline: "root=/dev/nfs ip=dhcp airroot.automount", wantWarning: "appliance mode only"},
	}
	for _, tt := range tests {
		t.Run(tt.cmdline, func(t *testing.T) {
			var console strings.Builder
			b := &Boot{Log: &bootlog.Logger{Console: &console}}
			b.Config, _ = cmdline.Parse(tt.cmdline)
			b.chooseMode()
			on := b.automount != nil
			if on != tt.wantOn || (on && b.automount.ReadWrite != tt.wantReadWrite) {
				t.Errorf("automount %v (read-write %v); want %v (%v)", on, on && b.automount.ReadWrite, tt.wantOn, tt.wantReadWrite)
			}
			if got := console.String(); (tt.wantWarning == "") != (got == "") || !strings.Contains(got, tt.wantWarning) {
				t.Errorf("console %q, want a warning with %q", got, tt.wantWarning)
			}
		})
	}
}
