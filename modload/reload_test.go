package modload

import (
	"testing"
	"time"
)

// TestLoadTwiceInParallel is what PID 1 does: the modules step loads a
// closure, then mdev asks the same Loader again for a module (by MODALIAS)
// that is already in, and for one the tree lacks. Neither may hang.
func TestLoadTwiceInParallel(t *testing.T) {
	for _, jobs := range []int{1, 4} {
		kernel := &fakeKernel{}
		l := &Loader{
			Dir:    "/lib/modules/6.1.0-50-armmp",
			FS:     wifiTree(t),
			Jobs:   jobs,
			Init:   kernel.init,
			Loaded: func() ([]string, error) { return nil, nil },
		}
		done := make(chan error, 3)
		go func() {
			done <- l.Load("mac80211_hwsim")
			done <- l.Load("mac80211_hwsim")
			done <- l.Load("no_such_module")
		}()
		for i := 0; i < 3; i++ {
			select {
			case err := <-done:
				if (err != nil) != (i == 2) {
					t.Errorf("jobs=%d: load %d: %v", jobs, i, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("jobs=%d: load %d hangs", jobs, i)
			}
		}
	}
}
