//go:build !linux

package mdev

import (
	"fmt"
	"os"
	"runtime"
)

var errPlatform = fmt.Errorf("device management is not supported on %s", runtime.GOOS)

func dialUevent() (Source, error) { return nil, errPlatform }

var mknod = func(string, bool, uint32, uint32) error { return errPlatform }

var mountTmpfs = func(string, string) error { return errPlatform }

func startInGroup(string, []string, string, []string, *os.File) (*os.Process, error) {
	return nil, errPlatform
}

func killGroup(int) {}

func readSysAttr(name string, _ []byte) ([]byte, error) { return os.ReadFile(name) }
