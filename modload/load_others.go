//go:build !linux

package modload

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
)

var errPlatform = fmt.Errorf("loading kernel modules is not supported on %s", runtime.GOOS)

func initModule(fs.File, string, int) error { return errPlatform }

func defaultDir() (string, error) { return "", errPlatform }

// LoadedModules: see load_linux.go; no modules here.
func LoadedModules() ([]string, error) { return nil, errPlatform }

// kernelRefusedCompressed: see load_linux.go; only ENOSYS-like errors here.
func kernelRefusedCompressed(err error) bool { return errors.Is(err, errors.ErrUnsupported) }
