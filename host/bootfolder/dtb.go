package bootfolder

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// File is one file of the boot folder.
type File struct {
	Name    string // relative to the folder: "config.txt", "overlays/x.dtbo"
	Data    []byte
	Why     string
	Private bool // readable by its owner only (an initramfs with a PSK)
}

// DeviceTrees returns the Pi's device trees in fsys (a .deb's
// usr/lib/linux-image-RELEASE or a --dtbs folder): every bcm*.dtb, from any
// vendor folder, put at the top of the boot folder where the firmware looks,
// and overlays/*.dtbo. Other boards' trees are left out.
func DeviceTrees(fsys fs.FS) ([]File, error) {
	var files []File
	seen := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name, why := deviceTreeName(p)
		if name == "" || d.IsDir() {
			return nil
		}
		if first, dup := seen[name]; dup {
			return fmt.Errorf("device trees %s and %s both go to %s", first, p, name)
		}
		seen[name] = p
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files = append(files, File{Name: name, Data: data, Why: why})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("device trees: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// deviceTreeName is where the file p goes in the boot folder; "" when it
// does not go.
func deviceTreeName(p string) (name, why string) {
	base := path.Base(p)
	switch {
	case strings.HasPrefix(base, "bcm") && strings.HasSuffix(base, ".dtb"):
		return base, "device tree"
	case path.Base(path.Dir(p)) == "overlays" && strings.HasSuffix(base, ".dtbo"):
		return "overlays/" + base, "device tree overlay"
	}
	return "", ""
}

// UpstreamNames reports whether the device trees have mainline Linux's
// names (bcm2835-, bcm2836-, bcm2837-) and none of the Pi kernel's
// (bcm2708-, bcm2709-, bcm2710-): the firmware must then be told so.
func UpstreamNames(files []File) bool {
	upstream, downstream := false, false
	for _, f := range files {
		for _, soc := range []string{"bcm2835-", "bcm2836-", "bcm2837-"} {
			upstream = upstream || strings.HasPrefix(f.Name, soc)
		}
		for _, soc := range []string{"bcm2708-", "bcm2709-", "bcm2710-"} {
			downstream = downstream || strings.HasPrefix(f.Name, soc)
		}
	}
	return upstream && !downstream
}
