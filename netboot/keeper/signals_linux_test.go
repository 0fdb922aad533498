package keeper

import (
	"os"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/internal/testutil"
	"golang.org/x/sys/unix"
)

// TestKeeperSignals sends real signals to the test process playing a keeper
// that has followed PID 1 into the new root: it must log each and live on.
func TestKeeperSignals(t *testing.T) {
	console := &testutil.Buffer{}
	k := &keeper{log: &bootlog.Logger{Console: console}}
	k.switched.Store(true)
	t.Cleanup(k.handleSignals())
	for _, sig := range []unix.Signal{unix.SIGHUP, unix.SIGINT, unix.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			if err := unix.Kill(os.Getpid(), sig); err != nil {
				t.Fatal(err)
			}
			console.WaitFor(t, "keeper: "+sig.String()+" ignored: the root lives on this link")
		})
	}
}
