package artifact

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"

	"github.com/u-root/u-root/pkg/cpio"
)

// InitramfsSpec is what goes into a scenario's initramfs.
type InitramfsSpec struct {
	// Airroot is the host tool that builds the main archive around Init (airroot's PID 1).
	Airroot    string
	Init       string
	ModulesDir string
	Modules    []string
	// IncludeModules go in but are not loaded at boot (airroot build --include-modules).
	IncludeModules []string
	// Extra holds test-only files, appended as a second newc archive.
	Extra []cpio.Record
	// WiFiConfig, when set, is a wpa_supplicant.conf for airroot build --wifi-config.
	WiFiConfig string
	// Overlay is airroot build --overlay: the overlay module goes in.
	Overlay bool
}

// BuildInitramfs writes spec's initramfs to out: airroot's gzip'd archive, zero padding
// to a 4-byte boundary (the kernel looks for the next archive's header there), then the
// extra files as an uncompressed newc archive. It returns what airroot printed.
func BuildInitramfs(ctx context.Context, spec InitramfsSpec, out string) (string, error) {
	base := out + ".airroot.cpio.gz"
	defer os.Remove(base)
	printed, err := BuildAirrootArchive(ctx, spec, base)
	if err != nil {
		return printed, err
	}
	return printed, AppendArchive(base, out, spec.Extra)
}

// BuildAirrootArchive runs airroot build for spec (its Extra aside) and writes
// airroot's archive to base. It returns what airroot printed.
func BuildAirrootArchive(ctx context.Context, spec InitramfsSpec, base string) (string, error) {
	var printed bytes.Buffer
	args := []string{"build", "--init", spec.Init,
		"--modules-dir", spec.ModulesDir, "--modules", strings.Join(spec.Modules, ","), "-o", base}
	if spec.WiFiConfig != "" {
		args = append(args, "--wifi-config", spec.WiFiConfig)
	}
	if len(spec.IncludeModules) > 0 {
		args = append(args, "--include-modules", strings.Join(spec.IncludeModules, ","))
	}
	if spec.Overlay {
		args = append(args, "--overlay")
	}
	cmd := exec.CommandContext(ctx, spec.Airroot, args...)
	cmd.Stdout, cmd.Stderr = &printed, &printed
	if err := cmd.Run(); err != nil {
		return printed.String(), fmt.Errorf("build initramfs: %s: %w: %s", strings.Join(cmd.Args, " "), err, printed.Bytes())
	}
	return printed.String(), nil
}

// AppendArchive writes out: airroot's archive base as it is, zero padding to
// a 4-byte boundary, then extra as a newc archive. base is not changed, so
// several boots can share it with different extra files.
func AppendArchive(base, out string, extra []cpio.Record) error {
	data, err := os.ReadFile(base)
	if err != nil {
		return fmt.Errorf("build initramfs %s: %w", out, err)
	}
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("build initramfs: %w", err)
	}
	pad := make([]byte, (4-len(data)%4)%4)
	if _, err := f.Write(append(data, pad...)); err != nil {
		f.Close()
		return fmt.Errorf("build initramfs %s: %w", out, err)
	}
	if err := WriteArchive(f, extra); err != nil {
		f.Close()
		return fmt.Errorf("build initramfs %s: %w", out, err)
	}
	return f.Close()
}

// WriteArchive writes records as a newc archive with a trailer, each parent folder
// (mode 0755) before the first record inside it.
func WriteArchive(w io.Writer, records []cpio.Record) error {
	rw := cpio.NewDedupWriter(cpio.Newc.Writer(w))
	for _, r := range records {
		for _, dir := range parents(cpio.Normalize(r.Name)) {
			if err := rw.WriteRecord(cpio.Directory(dir, 0o755)); err != nil {
				return fmt.Errorf("write cpio folder %s: %w", dir, err)
			}
		}
		if err := rw.WriteRecord(r); err != nil {
			return fmt.Errorf("write cpio record %s: %w", r.Name, err)
		}
	}
	if err := cpio.WriteTrailer(rw); err != nil {
		return fmt.Errorf("write cpio trailer: %w", err)
	}
	return nil
}

// parents returns the folders above name, outermost first: a/b/c -> a, a/b.
func parents(name string) []string {
	var dirs []string
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		dirs = append([]string{dir}, dirs...)
	}
	return dirs
}

// FileRecord is a regular file for an extra archive.
func FileRecord(name string, data []byte, perm uint64) cpio.Record {
	return cpio.StaticRecord(data, cpio.Info{Name: name, Mode: cpio.S_IFREG | perm})
}
