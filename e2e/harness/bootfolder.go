package harness

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// A boot-folder scenario boots what `airroot build --kernel-deb DEB --out DIR` wrote, as
// a Pi's firmware would: the kernel and the initramfs DIR/config.txt names, the board's
// device tree from DIR, and DIR/cmdline.txt as the command line. The harness adds only
// what stands in for the firmware and for QEMU (BootFolderCmdline).

// BootFolderConsole is the console the folder is built for: the Pi's serial port alone,
// so that /dev/console, where airroot writes, is the port the harness reads (the default
// also names tty1, the screen, and makes it /dev/console).
const BootFolderConsole = "serial0,115200"

// ConfigTxt is what the harness takes from config.txt.
type ConfigTxt struct {
	Kernel    string // kernel=NAME
	Initramfs string // initramfs NAME followkernel
}

// ParseConfigTxt reads the kernel= and initramfs lines of a Pi's config.txt.
func ParseConfigTxt(text string) (ConfigTxt, error) {
	var c ConfigTxt
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		fields := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "kernel="):
			c.Kernel = strings.TrimPrefix(line, "kernel=")
		case len(fields) >= 2 && fields[0] == "initramfs":
			c.Initramfs = fields[1]
		}
	}
	if c.Kernel == "" || c.Initramfs == "" {
		return c, fmt.Errorf("config.txt names no kernel= or no initramfs: %q", text)
	}
	return c, nil
}

// BootFolderCmdline is the command line a Pi 1's firmware would give the kernel from
// cmdline.txt, plus what the harness must add on b: serial0 becomes ttyAMA0 (the
// firmware's rewrite on a Pi 1), and b's parameters other than console= follow
// (panic=-1 so that a failed boot ends QEMU, and QEMU's quirks).
func BootFolderCmdline(cmdlineTxt string, b Board) string {
	params := strings.Fields(strings.TrimSpace(cmdlineTxt))
	for i, p := range params {
		if rest, ok := strings.CutPrefix(p, "console=serial0"); ok {
			params[i] = "console=ttyAMA0" + rest
		}
	}
	for _, p := range b.Cmdline {
		if !strings.HasPrefix(p, "console=") {
			params = append(params, p)
		}
	}
	return strings.Join(params, " ")
}

// bootFolder builds the boot folder for s on b into work/boot with airroot build and
// returns what to boot from it. The marker goes into the initramfs with --add.
func (e *Env) bootFolder(ctx context.Context, s Scenario, b Board, work string, port int) (KernelFiles, string, string, error) {
	cache, err := CacheDir()
	if err != nil {
		return KernelFiles{}, "", "", err
	}
	deb := filepath.Join(cache, "debs", b.Kernel.DebName())
	if err := DownloadDeb(ctx, deb, b.Kernel.Deb()); err != nil {
		return KernelFiles{}, "", "", err
	}
	marker := filepath.Join(work, "marker")
	if err := os.WriteFile(marker, randomMarker(MarkerSize), 0o644); err != nil {
		return KernelFiles{}, "", "", err
	}
	dir := filepath.Join(work, "boot")
	load, include := airrootModules(s, b)
	args := []string{"build", "--init", e.Init, "--kernel-deb", deb, "--modules", strings.Join(load, ","),
		"--nfsroot", strings.TrimPrefix(nfsrootParam(port), "nfsroot="),
		"--console", BootFolderConsole, "--add", marker + ":" + MarkerPath, "--out", dir}
	if len(include) > 0 {
		args = append(args, "--include-modules", strings.Join(include, ","))
	}
	cmd := exec.CommandContext(ctx, e.Airroot, args...)
	printed, err := cmd.CombinedOutput()
	e.logf("%s: %s:\n%s", s.Name, strings.Join(cmd.Args, " "), strings.TrimSpace(string(printed)))
	if err != nil {
		return KernelFiles{}, "", "", fmt.Errorf("build boot folder: %w: %s", err, printed)
	}
	return bootFolderFiles(dir, b)
}

// bootFolderFiles reads dir's config.txt and cmdline.txt and returns the kernel and
// device tree, the initramfs and the command line to boot on b.
func bootFolderFiles(dir string, b Board) (KernelFiles, string, string, error) {
	config, err := os.ReadFile(filepath.Join(dir, "config.txt"))
	if err != nil {
		return KernelFiles{}, "", "", fmt.Errorf("boot folder: %w", err)
	}
	c, err := ParseConfigTxt(string(config))
	if err != nil {
		return KernelFiles{}, "", "", fmt.Errorf("boot folder %s: %w", dir, err)
	}
	line, err := os.ReadFile(filepath.Join(dir, "cmdline.txt"))
	if err != nil {
		return KernelFiles{}, "", "", fmt.Errorf("boot folder: %w", err)
	}
	k := KernelFiles{Vmlinuz: filepath.Join(dir, c.Kernel)}
	if b.Kernel.DTB != "" {
		k.DTB = filepath.Join(dir, filepath.Base(b.Kernel.DTB)) // the firmware picks it by board model
	}
	initrd := filepath.Join(dir, c.Initramfs)
	var errs []error
	for _, p := range []string{k.Vmlinuz, k.DTB, initrd} {
		if _, err := os.Stat(p); p != "" && err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return KernelFiles{}, "", "", fmt.Errorf("boot folder: %w", err)
	}
	return k, initrd, BootFolderCmdline(string(line), b), nil
}

// bootFolderScenario boots a folder made from b's kernel package over b's wired network.
func bootFolderScenario(name, board string) Scenario {
	return Scenario{
		Name: name, Board: board, BootFolder: true,
		Expect:     []Pattern{{TimelinePrefix}},
		ResultMode: guestproto.ModeNewRoot,
		WantSteps:  bootSteps,
		Timeout:    10 * time.Minute,
	}
}
