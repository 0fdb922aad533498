package bench

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"github.com/u-root/u-root/pkg/cpio"
)

// busyboxApplets get links to busybox in /bin: what the script and dhcpcd's hooks
// run (the seed linked only /bin/sh and relied on its busybox finding the rest).
var busyboxApplets = []string{
	"sh", "awk", "cat", "chmod", "chown", "cmp", "cp", "cut", "echo", "false", "grep", "head",
	"hostname", "insmod", "ip", "ln", "logger", "ls", "mkdir", "mktemp", "mount", "mv", "printf",
	"readlink", "rm", "sed", "sleep", "sort", "switch_root", "sysctl", "tail", "test", "tr",
	"true", "umount", "uname", "wc",
}

// seedDirs are the folders the script and dhcpcd use.
var seedDirs = []string{"dev", "proc", "sys", "new_root", "etc", "run", "tmp", "var/lib/dhcpcd", "var/run"}

// SeedInitramfs is the seed's initramfs: its script, its userland, the modules
// and, over Wi-Fi, the network to join.
type SeedInitramfs struct {
	Script   SeedScript
	Userland Userland
	// ModulesDir is the kernel's modules tree on the host (lib/modules/RELEASE),
	// Index its index; Modules are loaded with what they need.
	ModulesDir string
	Index      *modload.Index
	Release    string
	Modules    []string
	// WiFiConfig is the station's wpa_supplicant.conf; "" over Ethernet. It is
	// written with PSKs only, as the seed's `wpa_passphrase` output was.
	WiFiConfig string
}

// Archive assembles the seed's initramfs.
func (s SeedInitramfs) Archive() (*initramfs.Archive, error) {
	a := initramfs.NewArchive()
	script, err := s.Script.Render()
	if err != nil {
		return nil, err
	}
	a.File("init", script, 0o755, "the seed's init script")
	for _, d := range seedDirs {
		a.Dir(d, 0o755)
	}
	a.CharDev("dev/console", 0o600, 5, 1)
	if err := s.Userland.AddTo(a); err != nil {
		return nil, err
	}
	if err := s.Userland.AddSupportTo(a); err != nil {
		return nil, err
	}
	for _, applet := range busyboxApplets {
		a.Symlink("bin/"+applet, "busybox", "busybox applet")
	}
	if err := s.addModules(a); err != nil {
		return nil, err
	}
	return a, s.addWiFi(a)
}

func (s SeedInitramfs) addModules(a *initramfs.Archive) error {
	return addSeedModules(a, s.Index, s.ModulesDir, s.Release, s.Modules)
}

// addSeedModules puts modules and what they need from the modules tree in
// modulesDir into a, with /etc/modules.sh loading them in order.
func addSeedModules(a *initramfs.Archive, ix *modload.Index, modulesDir, release string, modules []string) error {
	mods, err := ix.Closure(modules...)
	if err != nil {
		return fmt.Errorf("seed initramfs: %w", err)
	}
	var paths []string
	for _, m := range mods {
		if m.Builtin {
			continue
		}
		data, err := os.ReadFile(filepath.Join(modulesDir, filepath.FromSlash(m.Path)))
		if err != nil {
			return fmt.Errorf("seed initramfs: module %s: %w", m.Name, err)
		}
		a.File(path.Join("lib/modules", release, m.Path), data, 0o644, "module "+m.Reason())
		paths = append(paths, m.Path)
	}
	var script bytes.Buffer
	if err := ModulesScript(&script, release, paths); err != nil {
		return err
	}
	a.File("etc/modules.sh", script.Bytes(), 0o755, "the seed's module list")
	return nil
}

func (s SeedInitramfs) addWiFi(a *initramfs.Archive) error {
	if s.WiFiConfig == "" {
		return nil
	}
	data, err := HashedConfig(s.WiFiConfig)
	if err != nil {
		return fmt.Errorf("seed initramfs: %w", err)
	}
	a.File("etc/wpa_supplicant.conf", data, 0o600, "the network to join")
	return nil
}

// HashedConfig rewrites a wpa_supplicant.conf with PSKs only, as the seed's
// `wpa_passphrase` output was and as `airroot passphrase` recommends.
func HashedConfig(text string) ([]byte, error) {
	c, _, err := conf.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("station configuration: %w", err)
	}
	var b bytes.Buffer
	if err := conf.WriteConfig(&b, c); err != nil {
		return nil, fmt.Errorf("station configuration: %w", err)
	}
	return b.Bytes(), nil
}

// WriteInitramfs writes a gzip'd (level 9, as airroot build compresses) followed by
// extra as an uncompressed newc archive, as the e2e harness appends its test files.
func WriteInitramfs(out string, a *initramfs.Archive, extra []cpio.Record) error {
	gz, err := compressArchive(a)
	if err != nil {
		return fmt.Errorf("write initramfs %s: %w", out, err)
	}
	return writeWithExtra(out, gz, extra)
}

// compressArchive is a as newc, gzip'd at level 9.
func compressArchive(a *initramfs.Archive) ([]byte, error) {
	raw, err := a.Bytes()
	if err != nil {
		return nil, err
	}
	return initramfs.Compress(raw, initramfs.Gzip)
}

// writeWithExtra writes the compressed archive gz to out, then extra as an
// uncompressed newc archive.
func writeWithExtra(out string, gz []byte, extra []cpio.Record) error {
	var b bytes.Buffer
	b.Write(gz)
	b.Write(make([]byte, (4-len(gz)%4)%4)) // the next archive starts on a 4-byte boundary
	if len(extra) > 0 {
		if err := artifact.WriteArchive(&b, extra); err != nil {
			return fmt.Errorf("write initramfs %s: %w", out, err)
		}
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write initramfs: %w", err)
	}
	return nil
}
