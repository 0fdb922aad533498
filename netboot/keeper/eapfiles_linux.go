package keeper

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/airroot/airroot/init/layout"
)

// readEAPFiles reads every file under layout.EAPFiles in root (the
// initramfs), keyed by absolute path; nil when there are none.
func readEAPFiles(root fs.FS) (map[string][]byte, error) {
	dir := strings.TrimPrefix(layout.EAPFiles.Path, "/")
	files := map[string][]byte{}
	err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		files["/"+p] = data
		return err
	})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", layout.EAPFiles.Path, err)
	case len(files) == 0:
		return nil, nil
	}
	return files, nil
}

// readEAPFile gives the Wi-Fi join the 802.1X files the supervisor kept,
// and reads any other path from disk.
func (k *keeper) readEAPFile(name string) ([]byte, error) {
	k.mu.Lock()
	data, ok := k.resumed.EAPFiles[name]
	k.mu.Unlock()
	if ok {
		return data, nil
	}
	return os.ReadFile(name)
}
