package modload

import (
	"fmt"
	"io"
	"path"
)

// Builtin maps the names of modules built into the kernel to their paths in
// modules.builtin (kernel/mm/zswap.ko). Names are normalised with [Normalize].
type Builtin map[string]string

// Has reports whether the module called name (in either spelling, '-' or '_')
// is built into the kernel.
func (b Builtin) Has(name string) bool {
	_, ok := b[Normalize(name)]
	return ok
}

// ParseBuiltin parses modules.builtin: one module path per line, for the
// modules compiled into the kernel image. Blank lines and '#' comments are
// skipped; a line that is not a module path is an error naming the line number.
func ParseBuiltin(r io.Reader) (Builtin, error) {
	b := make(Builtin)
	err := eachLine(r, func(n int, line string) error {
		if moduleSuffix(path.Base(line)) == "" {
			return fmt.Errorf("parse modules.builtin line %d: %q is not a module path (*.ko)", n, line)
		}
		b[Name(line)] = line
		return nil
	})
	return b, err
}
