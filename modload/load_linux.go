package modload

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// initModule loads a module with finit_module(2) when f is an open file,
// else with init_module(2) and f's bytes.
func initModule(f fs.File, params string, flags int) error {
	if osf, ok := f.(*os.File); ok {
		return os.NewSyscallError("finit_module", unix.FinitModule(int(osf.Fd()), params, flags))
	}
	image, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	return os.NewSyscallError("init_module", unix.InitModule(image, params))
}

// defaultDir returns /lib/modules/ followed by the running kernel's release.
func defaultDir() (string, error) {
	var uts unix.Utsname
	if err := unix.Uname(&uts); err != nil {
		return "", fmt.Errorf("uname: %w", err)
	}
	return "/lib/modules/" + unix.ByteSliceToString(uts.Release[:]), nil
}

// LoadedModules returns the names of the loaded modules from /proc/modules.
func LoadedModules() ([]string, error) {
	f, err := os.Open("/proc/modules")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseProcModules(f)
}

// kernelRefusedCompressed reports whether finit_module's error for a file
// given with MODULE_INIT_COMPRESSED_FILE says the kernel cannot take it:
// EINVAL (a kernel before 5.17, which knows no such flag, or a file in
// another format than the one it decompresses), EOPNOTSUPP (no
// CONFIG_MODULE_DECOMPRESS) or ENOSYS.
func kernelRefusedCompressed(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, errors.ErrUnsupported)
}
