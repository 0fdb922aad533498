//go:build !linux

package hostapdctl

import (
	"fmt"
	"runtime"
)

// Dial connects to hostapd's control socket; hostapd's nl80211 driver, and so this
// package, is Linux-only.
func Dial(ctrl, netns string) (*Conn, error) {
	return nil, fmt.Errorf("connect to hostapd control socket %s: not on %s", ctrl, runtime.GOOS)
}
