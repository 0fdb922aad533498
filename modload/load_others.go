//go:build !linux

package modload

import (
	"fmt"
	"io/fs"
	"runtime"
)

var errPlatform = fmt.Errorf("loading kernel modules is not supported on %s", runtime.GOOS)

func initModule(fs.File, string, int) error { return errPlatform }

func defaultDir() (string, error) { return "", errPlatform }

func procModules() ([]string, error) { return nil, errPlatform }
