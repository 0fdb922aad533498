//go:build !linux

package main

import (
	"fmt"
	"runtime"
)

func openRadio(iface string) (radio, error) {
	return nil, fmt.Errorf("open the attacker's radio %s: not on %s", iface, runtime.GOOS)
}
