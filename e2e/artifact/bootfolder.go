package artifact

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A boot folder is what `airroot build --kernel-deb DEB --out DIR` writes for a Pi's
// SD card: the kernel and the initramfs DIR/config.txt names, the board's device tree,
// and DIR/cmdline.txt, the kernel's command line.

// bootFolderConsole is the console a test's folder is built for: the Pi's serial port
// alone, so that /dev/console, where airroot writes, is the port the harness reads (the
// default also names tty1, the screen, and makes it /dev/console).
const bootFolderConsole = "serial0,115200"

// BootFolderSpec is what airroot build puts into a boot folder.
type BootFolderSpec struct {
	// Airroot is the host tool; Init is airroot's PID 1.
	Airroot, Init string
	Kernel        KernelPackage
	// Modules are loaded at boot; IncludeModules only go in.
	Modules, IncludeModules []string
	// NFSRoot is nfsroot='s value.
	NFSRoot string
	// Add are extra initramfs files, each HOST:PATH (airroot build --add).
	Add []string
	// Out is the folder to write.
	Out string
}

// BootFolder is what a Pi's firmware boots from a folder.
type BootFolder struct {
	Kernel KernelFiles // Vmlinuz and DTB; no modules tree
	Initrd string
	// CmdlineTxt is cmdline.txt's content.
	CmdlineTxt string
}

// BuildBootFolder downloads spec's kernel package into cache/debs, has airroot build
// write the folder and reads back what to boot. It returns what airroot printed.
func BuildBootFolder(ctx context.Context, cache string, spec BootFolderSpec) (BootFolder, string, error) {
	deb := filepath.Join(cache, "debs", spec.Kernel.DebName())
	if err := DownloadDeb(ctx, deb, spec.Kernel.Deb()); err != nil {
		return BootFolder{}, "", err
	}
	args := []string{"build", "--init", spec.Init, "--kernel-deb", deb, "--modules", strings.Join(spec.Modules, ","),
		"--nfsroot", spec.NFSRoot, "--console", bootFolderConsole}
	for _, a := range spec.Add {
		args = append(args, "--add", a)
	}
	args = append(args, "--out", spec.Out)
	if len(spec.IncludeModules) > 0 {
		args = append(args, "--include-modules", strings.Join(spec.IncludeModules, ","))
	}
	cmd := exec.CommandContext(ctx, spec.Airroot, args...)
	out, err := cmd.CombinedOutput()
	printed := strings.Join(cmd.Args, " ") + ":\n" + strings.TrimSpace(string(out))
	if err != nil {
		return BootFolder{}, printed, fmt.Errorf("build boot folder: %w: %s", err, out)
	}
	f, err := readBootFolder(spec.Out, spec.Kernel)
	return f, printed, err
}

// readBootFolder reads dir's config.txt and cmdline.txt and finds the kernel, the
// device tree of k's board and the initramfs.
func readBootFolder(dir string, k KernelPackage) (BootFolder, error) {
	config, err := os.ReadFile(filepath.Join(dir, "config.txt"))
	if err != nil {
		return BootFolder{}, fmt.Errorf("boot folder: %w", err)
	}
	c, err := parseConfigTxt(string(config))
	if err != nil {
		return BootFolder{}, fmt.Errorf("boot folder %s: %w", dir, err)
	}
	line, err := os.ReadFile(filepath.Join(dir, "cmdline.txt"))
	if err != nil {
		return BootFolder{}, fmt.Errorf("boot folder: %w", err)
	}
	f := BootFolder{Kernel: KernelFiles{Vmlinuz: filepath.Join(dir, c.kernel)}, Initrd: filepath.Join(dir, c.initramfs), CmdlineTxt: string(line)}
	if k.DTB != "" {
		f.Kernel.DTB = filepath.Join(dir, filepath.Base(k.DTB)) // the firmware picks it by board model
	}
	var errs []error
	for _, p := range []string{f.Kernel.Vmlinuz, f.Kernel.DTB, f.Initrd} {
		if _, err := os.Stat(p); p != "" && err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return BootFolder{}, fmt.Errorf("boot folder: %w", err)
	}
	return f, nil
}

// Cmdline is the command line a Pi 1's firmware would give the kernel from
// cmdline.txt, plus what the harness must add: serial0 becomes ttyAMA0 (the firmware's
// rewrite on a Pi 1), and the board's parameters other than console= follow (panic=-1
// so that a failed boot ends QEMU, and QEMU's quirks).
func (f BootFolder) Cmdline(boardParams []string) string {
	params := strings.Fields(strings.TrimSpace(f.CmdlineTxt))
	for i, p := range params {
		if rest, ok := strings.CutPrefix(p, "console=serial0"); ok {
			params[i] = "console=ttyAMA0" + rest
		}
	}
	for _, p := range boardParams {
		if !strings.HasPrefix(p, "console=") {
			params = append(params, p)
		}
	}
	return strings.Join(params, " ")
}

// configTxt is what the harness takes from config.txt.
type configTxt struct {
	kernel    string // kernel=NAME
	initramfs string // initramfs NAME followkernel
}

// parseConfigTxt reads the kernel= and initramfs lines of a Pi's config.txt.
func parseConfigTxt(text string) (configTxt, error) {
	var c configTxt
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		fields := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "kernel="):
			c.kernel = strings.TrimPrefix(line, "kernel=")
		case len(fields) >= 2 && fields[0] == "initramfs":
			c.initramfs = fields[1]
		}
	}
	if c.kernel == "" || c.initramfs == "" {
		return c, fmt.Errorf("config.txt names no kernel= or no initramfs: %q", text)
	}
	return c, nil
}
