//go:build !linux

package nl80211

import (
	"fmt"
	"runtime"
)

// Dial opens the kernel's nl80211 family; only on Linux.
func Dial() (*Client, error) {
	return nil, fmt.Errorf("nl80211: not supported on %s", runtime.GOOS)
}
