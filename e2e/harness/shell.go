package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Shell asks for the demo's interactive shell: after its checks the guest runs a static
// busybox's sh on the console, and QEMU runs until that shell exits.
type Shell struct {
	// Busybox is a static busybox for the board's architecture, on the host; it goes
	// into the NFS root as ShellBusybox.
	Busybox string
	// Input becomes QEMU's standard input, so what is written to it reaches the console.
	Input *os.File
	// OnStart is called once, when the guest says the shell runs (nil: nothing).
	OnStart func()
}

// ShellBusybox is where the demo's busybox goes in the NFS root; its applets are
// linked beside it.
const ShellBusybox = "/bin/busybox"

// BusyboxPackage is Debian's static busybox, pinned.
func BusyboxPackage(arch string) DebPackage {
	return DebPackage{Package: "busybox-static", Version: "1:1.35.0-4+deb12u1+b1", Arch: arch}
}

// FetchBusybox returns the path of the static busybox for a Debian architecture (armel
// for ARMv6 boards: armhf's is ARMv7), from cache/busybox, downloading and extracting
// Debian's busybox-static first when it is absent.
func FetchBusybox(ctx context.Context, cache, arch string) (string, error) {
	pkg := BusyboxPackage(arch)
	deb := filepath.Join(cache, "debs", pkg.DebName())
	dir := filepath.Join(cache, "busybox", strings.TrimSuffix(pkg.DebName(), ".deb"))
	bin := filepath.Join(dir, "bin", "busybox")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := DownloadDeb(ctx, deb, pkg); err != nil {
		return "", err
	}
	if err := ExtractDebs(ctx, []string{deb}, dir); err != nil {
		return "", err
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("busybox from %s (delete %s to extract it again): %w", pkg.DebName(), dir, err)
	}
	return bin, nil
}

// addShell puts the shell's busybox into the NFS root at ShellBusybox.
func (sh *Shell) addShell(root string) error {
	dst := filepath.Join(root, filepath.FromSlash(ShellBusybox))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("add shell: %w", err)
	}
	if err := copyFile(sh.Busybox, dst, 0o755); err != nil {
		return fmt.Errorf("add shell: %w", err)
	}
	return nil
}
