//go:build !linux

package main

import (
	"fmt"
	"runtime"
)

func readKernelLog() ([]string, error) {
	return nil, fmt.Errorf("kernel log: not supported on %s", runtime.GOOS)
}

func readKernelRecords() ([]kmsgRecord, error) {
	return nil, fmt.Errorf("kernel log: not supported on %s", runtime.GOOS)
}

func markKernelLog(string) error {
	return fmt.Errorf("kernel log: not supported on %s", runtime.GOOS)
}
