//go:build !linux

package mdev

import (
	"fmt"
	"runtime"
)

var errPlatform = fmt.Errorf("device management is not supported on %s", runtime.GOOS)

func dialUevent() (Source, error) { return nil, errPlatform }

var mknod = func(string, bool, uint32, uint32) error { return errPlatform }

var mountTmpfs = func(string, string) error { return errPlatform }
