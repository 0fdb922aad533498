package modload

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// loadNode loads the module of one plan node; EEXIST counts as success.
func (l *Loader) loadNode(n *node) error {
	if n.install != "" {
		return l.runDisablingCommand(n)
	}
	if cmd, ok := l.installCommand(n.Name); ok {
		l.logf("module %s: modprobe.d says \"install %s %s\": not supported: install commands are ignored; loading the module", n.Name, n.Name, cmd)
	}
	params := l.paramsFor(n)
	err := l.initFile(n.Module, params)
	if errors.Is(err, fs.ErrExist) {
		l.logf("module %s was already loaded", n.Name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load module %s: %w", n.Name, err)
	}
	if params != "" {
		l.logf("loaded module %s (%s) with %s", n.Name, n.why, params)
	} else {
		l.logf("loaded module %s (%s)", n.Name, n.why)
	}
	return nil
}

// runDisablingCommand does what running "install NAME /bin/true" or
// "/bin/false" would: nothing, successfully or not.
func (l *Loader) runDisablingCommand(n *node) error {
	if strings.HasSuffix(n.install, "true") {
		l.logf("module %s (%s) not loaded: modprobe.d says \"install %s %s\"", n.Name, n.why, n.Name, n.install)
		return nil
	}
	return fmt.Errorf("load module %s: refused by \"install %s %s\" in modprobe.d", n.Name, n.Name, n.install)
}

// paramsFor joins the module's options from Conf (for its name, and for the
// alias it was asked for by) and then from Params.
func (l *Loader) paramsFor(n *node) string {
	opts := l.Conf.OptionsFor(n.Name, n.alias)
	opts = append(opts, l.params[n.Name]...)
	return strings.Join(opts, " ")
}

// initFile hands one module file to Init. A compressed file goes with
// InitCompressedFile while the kernel takes that format; else, or when the
// kernel refuses it, its decompressed bytes go instead.
func (l *Loader) initFile(m Module, params string) error {
	f, err := l.FS.Open(m.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	c := compressionOf(m.Path)
	if c == uncompressed {
		return l.fileError(m, l.Init(f, params, l.Flags))
	}
	if !l.kernel.mayTake(c) {
		return l.initDecompressed(m, f, c, params, nil)
	}
	refused := l.Init(f, params, l.Flags|InitCompressedFile)
	if !kernelRefusedCompressed(refused) {
		return l.fileError(m, refused)
	}
	g, err := l.rewind(f, m.Path)
	if err != nil {
		return err
	}
	if g != f {
		defer g.Close()
	}
	return l.initDecompressed(m, g, c, params, refused)
}

// initDecompressed decompresses f and hands the bytes to Init. refused is
// the kernel's answer to the compressed file, if it was asked.
func (l *Loader) initDecompressed(m Module, f fs.File, c compression, params string, refused error) error {
	data, err := decompress(c, f)
	if err != nil {
		return l.fileError(m, err)
	}
	base := strings.TrimSuffix(path.Base(m.Path), path.Ext(m.Path))
	err = l.Init(newMemFile(base, data), params, l.Flags&^InitCompressedFile)
	if refused != nil && err == nil && l.kernel.refuse(c) {
		l.logf("modules: the kernel does not decompress %s modules (%v); airroot decompresses them", c, refused)
	}
	return l.fileError(m, err)
}

// rewind returns f moved back to its start, or p opened again when f
// cannot seek.
func (l *Loader) rewind(f fs.File, p string) (fs.File, error) {
	if s, ok := f.(io.Seeker); ok {
		if _, err := s.Seek(0, io.SeekStart); err == nil {
			return f, nil
		}
	}
	return l.FS.Open(p)
}

// fileError names the file in err: "finit_module /lib/modules/.../x.ko: ...".
func (l *Loader) fileError(m Module, err error) error {
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	op := "finit_module"
	var se *os.SyscallError
	if errors.As(err, &se) {
		op, err = se.Syscall, se.Err
	}
	return &fs.PathError{Op: op, Path: path.Join(l.Dir, m.Path), Err: err}
}

// kernelDecompress remembers the compression formats the running kernel
// refused with InitCompressedFile, so that it is asked once per format.
type kernelDecompress struct {
	mu      sync.Mutex
	refused map[compression]bool
}

func (k *kernelDecompress) mayTake(c compression) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return !k.refused[c]
}

// refuse records that the kernel refused c, and reports whether that is news.
func (k *kernelDecompress) refuse(c compression) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.refused[c] {
		return false
	}
	if k.refused == nil {
		k.refused = make(map[compression]bool)
	}
	k.refused[c] = true
	return true
}
