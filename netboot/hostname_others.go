//go:build !linux

package netboot

import (
	"fmt"
	"runtime"
)

func nodename() string { return "" }

func setHostname(name string) error {
	return fmt.Errorf("set host name %q: not supported on %s", name, runtime.GOOS)
}
