package modload

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadCompressed(t *testing.T) {
	const dir = "/lib/modules/6.1.0-50-armmp"
	refuse := func(c kernelCall) error {
		if c.Flags&InitCompressedFile != 0 {
			return os.NewSyscallError("finit_module", syscall.EOPNOTSUPP)
		}
		return nil
	}
	tests := []struct {
		name      string
		fail      func(kernelCall) error
		wantCalls []kernelCall
		wantErr   string
		wantLog   []string
	}{
		{
			name: "the kernel decompresses",
			wantCalls: []kernelCall{
				{File: "aes-arm-bs.ko.xz", Flags: 2 | InitCompressedFile},
				{File: "sha256-arm.ko.zst", Flags: 2 | InitCompressedFile},
				{File: "ccm.ko", Flags: 2, Content: "module ccm"},
			},
		},
		{
			name: "the kernel cannot: decompressed here, and not asked again",
			fail: refuse,
			wantCalls: []kernelCall{
				{File: "aes-arm-bs.ko.xz", Flags: 2 | InitCompressedFile},
				{File: "aes-arm-bs.ko", Flags: 2, Content: "module aes_arm_bs"},
				{File: "sha256-arm.ko.zst", Flags: 2 | InitCompressedFile},
				{File: "sha256-arm.ko", Flags: 2, Content: "module sha256_arm"},
				{File: "ccm.ko", Flags: 2, Content: "module ccm"},
			},
			wantLog: []string{
				"modules: the kernel does not decompress xz modules (finit_module: operation not supported); airroot decompresses them",
				"loaded module aes_arm_bs (asked for)",
			},
		},
		{
			name: "a module the kernel rejects either way",
			fail: func(c kernelCall) error {
				if c.Flags&InitCompressedFile != 0 {
					return os.NewSyscallError("finit_module", syscall.EOPNOTSUPP)
				}
				if c.File == "aes-arm-bs.ko" {
					return os.NewSyscallError("init_module", syscall.ENOEXEC)
				}
				return nil
			},
			wantCalls: []kernelCall{
				{File: "aes-arm-bs.ko.xz", Flags: 2 | InitCompressedFile},
				{File: "aes-arm-bs.ko", Flags: 2, Content: "module aes_arm_bs"},
				{File: "sha256-arm.ko.zst", Flags: 2 | InitCompressedFile},
				{File: "sha256-arm.ko", Flags: 2, Content: "module sha256_arm"},
				{File: "ccm.ko", Flags: 2, Content: "module ccm"},
			},
			wantErr: "load module aes_arm_bs: init_module " + dir + "/kernel/arch/arm/crypto/aes-arm-bs.ko.xz: exec format error",
		},
		{
			name: "another error is the module's",
			fail: func(c kernelCall) error {
				if c.File == "aes-arm-bs.ko.xz" {
					return os.NewSyscallError("finit_module", syscall.EPERM)
				}
				return nil
			},
			wantCalls: []kernelCall{
				{File: "aes-arm-bs.ko.xz", Flags: 2 | InitCompressedFile},
				{File: "sha256-arm.ko.zst", Flags: 2 | InitCompressedFile},
				{File: "ccm.ko", Flags: 2, Content: "module ccm"},
			},
			wantErr: "load module aes_arm_bs: finit_module " + dir + "/kernel/arch/arm/crypto/aes-arm-bs.ko.xz: operation not permitted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &recordingKernel{fail: tt.fail}
			var log strings.Builder
			l := newNetLoader(t, "softdep ccm pre:\n", k, &log)
			l.Flags = 2
			err := l.Load("aes_arm_bs", "sha256_arm", "ccm")
			for i := range k.calls {
				if k.calls[i].Flags&InitCompressedFile != 0 {
					k.calls[i].Content = "" // compressed bytes: not compared
				}
			}
			if diff := cmp.Diff(tt.wantCalls, k.calls); diff != "" {
				t.Errorf("Init calls (-want +got):\n%s", diff)
			}
			var gotErr string
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("error = %q, want %q", gotErr, tt.wantErr)
			}
			for _, line := range tt.wantLog {
				if !strings.Contains(log.String(), line) {
					t.Errorf("log has no %q:\n%s", line, log.String())
				}
			}
			if strings.Count(log.String(), "does not decompress xz") > 1 {
				t.Errorf("refusal logged more than once:\n%s", log.String())
			}
		})
	}
}

func TestLoadCompressedErrors(t *testing.T) {
	fsys := netTree(t)
	fsys["kernel/arch/arm/crypto/aes-arm-bs.ko.xz"].Data = []byte("not xz at all")
	k := &recordingKernel{fail: func(kernelCall) error { return errors.ErrUnsupported }}
	l := newNetLoader(t, "", k, &strings.Builder{})
	l.FS = fsys
	err := l.Load("aes_arm_bs")
	want := "load module aes_arm_bs: finit_module /lib/modules/6.1.0-50-armmp/kernel/arch/arm/crypto/aes-arm-bs.ko.xz: decompress xz: xz: invalid header magic bytes"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
