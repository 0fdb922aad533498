package initramfs

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// Spec is what goes into an initramfs.
type Spec struct {
	Init string // the airroot /init binary on the host
	// ModulesDir is the kernel's modules tree on the host, lib/modules/KVER.
	ModulesDir string
	// ModulesFS is the modules tree when it is not a host folder (a .deb
	// read into memory), named KernelRelease in the archive; it wins over
	// ModulesDir. ModulesWhere names it in messages.
	ModulesFS     fs.FS
	KernelRelease string
	ModulesWhere  string
	// Modules are the modules PID 1 loads at boot; their dependencies come
	// along, and the firmware they name.
	Modules []string
	// IncludeModules go in too, with what they need, but are not loaded at
	// boot: mdev loads them by MODALIAS, the kernel's requests through the
	// modprobe helper. Each is a module name or a folder of the tree
	// ("kernel/drivers/net"): every module under it.
	IncludeModules []string
	// Firmware is a linux-firmware tree (what /lib/firmware holds); nil:
	// no firmware goes in. FirmwareWhere names it in messages.
	Firmware      fs.FS
	FirmwareWhere string
	// FirmwareFilter, when not empty, lets in only the named firmware files
	// that match one of these globs ("brcm/brcmfmac43430-sdio.*").
	FirmwareFilter []string
	// KernelConfig is the kernel's build configuration, to warn about what
	// it cannot do; nil: unknown.
	KernelConfig kernel.Config
	// WiFi holds the networks to join; nil: none. Only PSKs are written.
	WiFi *conf.Config
	// Extra lists more files.
	Extra []Extra
	// Files lists files the build writes (the app's arguments).
	Files []File
}

// File is a file the build writes, readable by all.
type File struct {
	Path string // absolute, as the board sees it
	Data []byte
	Why  string
}

// Extra is one more file to put in the archive.
type Extra struct {
	From, To string
}

// ParseExtra reads "HOSTPATH:ARCHIVEPATH" (the --add flag).
func ParseExtra(s string) (Extra, error) {
	from, to, ok := strings.Cut(s, ":")
	if !ok || from == "" || !strings.HasPrefix(to, "/") {
		return Extra{}, fmt.Errorf("--add %q: want HOSTPATH:/PATH/IN/INITRAMFS", s)
	}
	return Extra{From: from, To: to}, nil
}

// builder assembles one archive and the warnings found on the way.
type builder struct {
	spec     Spec
	a        *Archive
	warnings []string
}

func (b *builder) warnf(format string, args ...any) {
	b.warnings = append(b.warnings, fmt.Sprintf(format, args...))
}

// Build assembles the archive for spec. The warnings name what the board may
// miss at boot (firmware not found, an open network...); they do not stop
// the build.
func Build(spec Spec) (*Archive, []string, error) {
	b := &builder{spec: spec, a: NewArchive()}
	for _, step := range []func() error{b.addInit, b.addSkeleton, b.addRelease, b.addModules, b.addWiFi, b.addExtra, b.addFiles, b.checkMdevConf} {
		if err := step(); err != nil {
			return nil, b.warnings, err
		}
	}
	return b.a, b.warnings, nil
}

func (b *builder) addInit() error {
	init := b.spec.Init
	if init == "" {
		return fmt.Errorf("no init binary: give --init PATH (make builds out/init)")
	}
	data, err := os.ReadFile(init)
	if err != nil {
		return fmt.Errorf("read init binary: %w", err)
	}
	if !bytes.HasPrefix(data, []byte("\x7fELF")) {
		return fmt.Errorf("init binary %s is not an ELF executable", init)
	}
	b.a.File("init", data, 0o755, "airroot's PID 1")
	return nil
}

// addSkeleton adds the folders PID 1 mounts on and /dev/console.
func (b *builder) addSkeleton() error {
	for _, d := range []string{"dev", "proc", "sys", "run", "newroot", "etc", "tmp"} {
		b.a.Dir(d, 0o755)
	}
	// The kernel opens /dev/console for init's stdio before devtmpfs exists.
	b.a.CharDev("dev/console", 0o600, 5, 1)
	return nil
}

func (b *builder) addFiles() error {
	for _, f := range b.spec.Files {
		b.a.File(strings.TrimPrefix(f.Path, "/"), f.Data, 0o644, f.Why)
	}
	return nil
}

func (b *builder) addExtra() error {
	for _, e := range b.spec.Extra {
		data, err := os.ReadFile(e.From)
		if err != nil {
			return fmt.Errorf("add %s: %w", e.From, err)
		}
		fi, err := os.Stat(e.From)
		if err != nil {
			return fmt.Errorf("add %s: %w", e.From, err)
		}
		b.a.File(e.To, data, uint64(fi.Mode().Perm()), "added with --add")
	}
	return nil
}
