//go:build !linux

package main

import "fmt"

func runShell(busybox string) error {
	return fmt.Errorf("shell: %s: only on Linux", busybox)
}
