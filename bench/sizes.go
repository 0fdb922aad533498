package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/host/initramfs"
)

// Size is what a set of files weighs in an initramfs.
type Size struct {
	// Files lists the archive's regular files and symbolic links.
	Files []string `json:"files"`
	// Bytes sums the regular files' sizes.
	Bytes int64 `json:"bytes"`
	// CPIOBytes is the newc archive of the files (parent folders included).
	CPIOBytes int64 `json:"cpio_bytes"`
	// GzipBytes is that archive compressed with gzip at level 9 (Go's compress/gzip,
	// as airroot build compresses the initramfs).
	GzipBytes int64 `json:"gzip9_bytes"`
}

// MeasureArchive weighs the files of a, archived and compressed.
func MeasureArchive(a *initramfs.Archive) (Size, error) {
	var s Size
	for _, e := range a.Entries() {
		s.Files = append(s.Files, e.Name)
		if e.Link == "" {
			s.Bytes += e.Size
		}
	}
	raw, err := a.Bytes()
	if err != nil {
		return s, fmt.Errorf("measure archive: %w", err)
	}
	gz, err := initramfs.Compress(raw, initramfs.Gzip)
	if err != nil {
		return s, fmt.Errorf("measure archive: %w", err)
	}
	s.CPIOBytes, s.GzipBytes = int64(len(raw)), int64(len(gz))
	return s, nil
}

// MeasureUserland weighs exactly the userland's files: programs, loader, libraries
// and their links.
func MeasureUserland(u Userland) (Size, error) {
	a := initramfs.NewArchive()
	if err := u.AddTo(a); err != nil {
		return Size{}, err
	}
	return MeasureArchive(a)
}

// MeasureInit weighs the airroot binary at path alone, as the archive's /init.
func MeasureInit(path string) (Size, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Size{}, fmt.Errorf("measure airroot's /init: %w", err)
	}
	a := initramfs.NewArchive()
	a.File("init", data, 0o755, "airroot's PID 1")
	return MeasureArchive(a)
}

// Platform is one platform airroot's /init is built for.
type Platform struct {
	GOARCH string `json:"goarch"`
	GOARM  string `json:"goarm,omitempty"`
}

func (t Platform) String() string {
	if t.GOARM != "" {
		return t.GOARCH + " (GOARM=" + t.GOARM + ")"
	}
	return t.GOARCH
}

// InitPlatforms are the builds whose sizes the report gives.
var InitPlatforms = []Platform{{GOARCH: "arm", GOARM: "6"}, {GOARCH: "arm64"}}

// BuildInit builds airroot's /init (./cmd/init) for t into out with the Makefile's
// flags: static, -trimpath, -ldflags "-s -w".
func BuildInit(ctx context.Context, repoRoot string, t Platform, out string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("build /init for %s: %w", t, err)
	}
	return artifact.BuildStatic(ctx, repoRoot, "./cmd/init", out, t.GOARCH, t.GOARM)
}
