package keeper

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"golang.org/x/sys/unix"
)

// TestFatalBeforeBrokenPipe plays finding 7 over a real socket pair: the
// keeper says why the network cannot come up and exits before PID 1 tells
// it the devices have settled. PID 1 must report the keeper's own error, not
// the write's broken pipe nor the read's connection reset.
func TestFatalBeforeBrokenPipe(t *testing.T) {
	const why = "wifi: \"home\" is WPA3 (SAE) only: not supported yet"
	tests := []struct {
		name       string
		keeperSays []message
		unread     bool // PID 1 wrote something the keeper never read (ECONNRESET on Linux)
		want       string
		permanent  bool
	}{
		{name: "fatal, then gone", keeperSays: []message{{Fatal: why}}, want: why, permanent: true},
		{name: "fatal, then gone with our message unread", keeperSays: []message{{Fatal: why}}, unread: true, want: why, permanent: true},
		{name: "gone without a word", unread: true, want: "keeper (pid 9) ended before the network was up: what it printed is above"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			if err != nil {
				t.Fatal(err)
			}
			ours, theirs := os.NewFile(uintptr(fds[0]), "keeper-control"), os.NewFile(uintptr(fds[1]), "keeper")
			defer ours.Close()
			p := newProc(9, ours)
			if tt.unread {
				if err := send(ours, message{Switching: "/early"}); err != nil {
					t.Fatal(err)
				}
			}
			for _, m := range tt.keeperSays {
				if err := send(theirs, m); err != nil {
					t.Fatal(err)
				}
			}
			theirs.Close()
			if err := p.DevicesSettled(); err != nil {
				t.Errorf("DevicesSettled to a keeper that has gone: %v", err)
			}
			_, err = p.AwaitReady(func(bootlog.Step) {}, func() {})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("AwaitReady = %v, want %q", err, tt.want)
			}
			for _, noise := range []string{"broken pipe", "connection reset", "EOF"} {
				if strings.Contains(err.Error(), noise) {
					t.Errorf("the error shows %q: %v", noise, err)
				}
			}
			if errors.Is(err, bootlog.ErrPermanent) != tt.permanent {
				t.Errorf("permanent = %v, want %v", !tt.permanent, tt.permanent)
			}
		})
	}
}
