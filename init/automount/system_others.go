//go:build !linux

package automount

import (
	"fmt"
	"runtime"
)

// Mount is Linux's only.
func (System) Mount(name, dir, _ string, _ bool) error {
	return fmt.Errorf("mount /dev/%s on %s: not on %s", name, dir, runtime.GOOS)
}

// Unmount is Linux's only.
func (System) Unmount(dir string) error {
	return fmt.Errorf("unmount %s: not on %s", dir, runtime.GOOS)
}
