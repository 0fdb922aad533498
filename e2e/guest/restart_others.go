//go:build !linux

package main

import (
	"fmt"
	"runtime"
)

func requestRestart(string) error {
	return fmt.Errorf("ask for the access point's restart: not on %s", runtime.GOOS)
}

func panicWorker(int) error {
	return fmt.Errorf("crash the keeper's worker: not on %s", runtime.GOOS)
}

func killHostapd(string) error {
	return fmt.Errorf("switch off the access point: not on %s", runtime.GOOS)
}
