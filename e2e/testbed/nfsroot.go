package testbed

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/airroot/airroot/e2e/guestproto"
)

// probePath is the NFS-root file the guest reads last to prove the network still answers.
const probePath = "/e2e/probe"

// RootSpec describes a scenario's NFS root folder.
type RootSpec struct {
	// Guest is the guest binary, installed as /sbin/init unless WithoutInit.
	Guest       string
	WithoutInit bool
	Expect      guestproto.Expect
	// Probe is probePath's content; its digest goes into the expectations.
	Probe []byte
	// Busybox, when set, is a static busybox on the host for the demo's shell,
	// installed as ShellBusybox.
	Busybox string
}

// ShellBusybox is where the demo's busybox goes in the NFS root; its applets are
// linked beside it.
const ShellBusybox = "/bin/busybox"

// ExpectFor fills in the probe's path and digest of exp from probe.
func ExpectFor(exp guestproto.Expect, probe []byte) guestproto.Expect {
	sum := sha256.Sum256(probe)
	exp.ProbePath = probePath
	exp.ProbeSHA256 = hex.EncodeToString(sum[:])
	return exp
}

// MakeNFSRoot fills dir with a minimal root: the guest as /sbin/init, the expectations,
// the probe file and empty proc, sys, dev, run and tmp folders.
func MakeNFSRoot(dir string, spec RootSpec) error {
	for _, d := range []string{"proc", "sys", "dev", "run", "tmp", "sbin", "e2e"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return fmt.Errorf("make nfs root: %w", err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "tmp"), 0o1777); err != nil {
		return fmt.Errorf("make nfs root: %w", err)
	}
	if !spec.WithoutInit {
		if err := copyFile(spec.Guest, filepath.Join(dir, "sbin", "init"), 0o755); err != nil {
			return fmt.Errorf("make nfs root: %w", err)
		}
	}
	if spec.Busybox != "" {
		if err := addBusybox(dir, spec.Busybox); err != nil {
			return err
		}
	}
	expect, err := json.MarshalIndent(spec.Expect, "", "  ")
	if err != nil {
		return fmt.Errorf("make nfs root: encode expectations: %w", err)
	}
	files := map[string][]byte{guestproto.ExpectPath: expect, probePath: spec.Probe}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), data, 0o644); err != nil {
			return fmt.Errorf("make nfs root: %w", err)
		}
	}
	return nil
}

// CopyFile copies from to to with perm.
func copyFile(from, to string, perm os.FileMode) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.WriteFile(to, data, perm); err != nil {
		return err
	}
	return os.Chmod(to, perm)
}

// addBusybox puts busybox into the root at ShellBusybox.
func addBusybox(root, busybox string) error {
	dst := filepath.Join(root, filepath.FromSlash(ShellBusybox))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("add shell: %w", err)
	}
	if err := copyFile(busybox, dst, 0o755); err != nil {
		return fmt.Errorf("add shell: %w", err)
	}
	return nil
}
