package main

import (
	"fmt"
	"io"
	"os"

	"github.com/airroot/airroot/host/atomicfile"
	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/init/layout"
)

// built is what a build made, for the summary.
type built struct {
	archive     *initramfs.Archive
	compression initramfs.Compression
	raw, packed int64
	where       string // the initramfs file, or the boot folder
	boot        *bootFolder
	warnings    []string
}

func runBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	f, err := parseBuildFlags(args, stderr)
	if err != nil {
		return err
	}
	b, err := build(f, stdin)
	if b != nil {
		printSummary(stdout, b)
	}
	return err
}

func build(f *buildFlags, stdin io.Reader) (*built, error) {
	k, err := loadKernel(f.kernelDeb, f.modulesDir, f.kernel, f.dtbs)
	if err != nil {
		return nil, err
	}
	spec, warnings, err := initramfsSpec(f, k, stdin)
	if err != nil {
		return nil, err
	}
	a, more, err := initramfs.Build(spec)
	warnings = append(warnings, more...)
	if err != nil {
		return nil, err
	}
	b := &built{archive: a, warnings: warnings}
	data, err := b.pack(f, k)
	if err != nil {
		return nil, err
	}
	if f.out != "" {
		return b, b.writeBootFolder(f, k, data)
	}
	return b, b.writeInitramfs(f, data)
}

// initramfsSpec turns the flags into what goes in the initramfs.
func initramfsSpec(f *buildFlags, k *kernel.Kernel, stdin io.Reader) (initramfs.Spec, []string, error) {
	spec := initramfs.Spec{Init: f.init, Modules: f.modules, IncludeModules: f.includeModules, FirmwareFilter: f.firmwareFilter}
	if k != nil {
		spec.ModulesFS, spec.KernelRelease, spec.ModulesWhere, spec.KernelConfig = k.Modules, k.Release, k.ModulesWhere, k.Config
	}
	if f.firmwareDir != "" {
		if st, err := os.Stat(f.firmwareDir); err != nil || !st.IsDir() {
			return spec, nil, fmt.Errorf("--firmware-dir %s: not a folder", f.firmwareDir)
		}
		spec.Firmware, spec.FirmwareWhere = os.DirFS(f.firmwareDir), f.firmwareDir
	}
	for _, s := range f.adds {
		e, err := initramfs.ParseExtra(s)
		if err != nil {
			return spec, nil, err
		}
		spec.Extra = append(spec.Extra, e)
	}
	warnings, err := addApp(&spec, f, k)
	if err != nil {
		return spec, warnings, err
	}
	more, err := addOverlay(&spec, f, k)
	warnings = append(warnings, more...)
	if err != nil {
		return spec, warnings, err
	}
	wifi, wifiWarnings, err := wifiConfig(f, stdin)
	warnings = append(warnings, wifiWarnings...)
	if err != nil {
		return spec, warnings, err
	}
	spec.WiFi = wifi
	if wifi == nil && f.out != "" && !f.wantsBootPart() {
		warnings = append(warnings, "no Wi-Fi network given (--wifi-config or --ssid): the board can boot only over a wired network")
	}
	return spec, warnings, nil
}

// pack writes the archive and compresses it.
func (b *built) pack(f *buildFlags, k *kernel.Kernel) ([]byte, error) {
	b.compression, _ = initramfs.ParseCompression(f.compress) // checked with the flags
	var cfg kernel.Config
	if k != nil {
		cfg = k.Config
	}
	w, err := b.compression.CheckKernel(cfg)
	if err != nil {
		return nil, err
	}
	if w != "" {
		b.warnings = append(b.warnings, w)
	}
	raw, err := b.archive.Bytes()
	if err != nil {
		return nil, err
	}
	data, err := initramfs.Compress(raw, b.compression)
	if err != nil {
		return nil, err
	}
	b.raw, b.packed = int64(len(raw)), int64(len(data))
	return data, nil
}

func (b *built) writeInitramfs(f *buildFlags, data []byte) error {
	where := f.output
	if where == "" {
		where = b.compression.FileName()
	}
	// Atomically, never into the existing file: it may be world-readable
	// and hold a PSK for a moment before a chmod.
	if err := atomicfile.Write(where, data, b.fileMode()); err != nil {
		return fmt.Errorf("write initramfs: %w", err)
	}
	b.where = where // only now: the summary says it was written
	return nil
}

// fileMode keeps an initramfs holding a PSK private to its owner.
func (b *built) fileMode() os.FileMode {
	if b.private() {
		return 0o600
	}
	return 0o644
}

func (b *built) private() bool { return b.archive.Has(layout.WiFiConfig.InArchive()) }
