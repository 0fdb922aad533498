package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/host/deb"
	"github.com/airroot/airroot/host/kernel"
)

// loadKernel takes the kernel from a .deb, or from the host's folders;
// nil when neither is given.
func loadKernel(debFile, modulesDir, image, dtbs string) (*kernel.Kernel, error) {
	switch {
	case debFile != "":
		f, err := os.Open(debFile)
		if err != nil {
			return nil, fmt.Errorf("read kernel package: %w", err)
		}
		defer f.Close()
		pkg, err := deb.Read(f)
		if err != nil {
			return nil, fmt.Errorf("kernel package %s: %w", debFile, err)
		}
		return kernel.FromDeb(pkg, filepath.Base(debFile))
	case modulesDir != "":
		return kernel.FromFolders(modulesDir, image, dtbs)
	}
	return nil, nil
}
