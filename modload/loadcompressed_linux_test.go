package modload

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestLoadCompressedEINVAL: a kernel before 5.17, or one that decompresses
// another format, says EINVAL.
func TestLoadCompressedEINVAL(t *testing.T) {
	k := &recordingKernel{fail: func(c kernelCall) error {
		if c.Flags&InitCompressedFile != 0 {
			return os.NewSyscallError("finit_module", unix.EINVAL)
		}
		return nil
	}}
	l := newNetLoader(t, "", k, &strings.Builder{})
	if err := l.Load("aes_arm_bs"); err != nil {
		t.Fatal(err)
	}
	if got := k.files(); len(got) != 2 || got[1] != "aes-arm-bs.ko" || k.calls[1].Content != "module aes_arm_bs" {
		t.Errorf("Init calls %q, want the compressed file then the decompressed bytes", got)
	}
}

// TestIntegrationRealFinitModule hands a compressed file that is not a
// module to the running kernel's finit_module, with the default Init, when
// $AIRROOT_REAL_FINIT is set (root only; nothing can load: the kernel
// rejects the bytes). A kernel without modules says ENOSYS to both calls; one
// that cannot decompress says EOPNOTSUPP or EINVAL, then ENOEXEC to the
// decompressed bytes.
func TestIntegrationRealFinitModule(t *testing.T) {
	if os.Getenv("AIRROOT_REAL_FINIT") == "" || os.Getuid() != 0 {
		t.Skip("set AIRROOT_REAL_FINIT and run as root")
	}
	dir := t.TempDir()
	p := "kernel/not-a-module.ko.xz"
	if err := os.MkdirAll(dir+"/kernel", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/"+p, compress(t, xzCompressed, []byte("not an ELF file")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/modules.dep", []byte(p+":\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	l := &Loader{Dir: dir, Loaded: func() ([]string, error) { return nil, nil },
		Log: func(format string, args ...any) { log.WriteString(strings.TrimSpace(format) + "\n") }}
	err := l.Load("not-a-module")
	t.Logf("Load: %v\nlog: %s", err, log.String())
	if err == nil {
		t.Fatal("the kernel took a file that is not a module")
	}
	if !strings.Contains(err.Error(), "init_module "+dir+"/"+p) {
		t.Errorf("error %v: want the decompressed bytes tried with init_module after the kernel refused the compressed file", err)
	}
}
