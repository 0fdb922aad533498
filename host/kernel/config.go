package kernel

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Config is a kernel build configuration (.config, boot/config-RELEASE):
// option name (CONFIG_RD_ZSTD) to value ("y", "m", "\"string\"", "42").
// Options "is not set" are absent.
type Config map[string]string

// ErrConfigSyntax reports a line of a kernel configuration that does not
// parse.
var ErrConfigSyntax = errors.New("kernel config syntax error")

// ParseConfig reads a kernel configuration: CONFIG_X=value lines, blank
// lines and # comments (including "# CONFIG_X is not set").
func ParseConfig(r io.Reader) (Config, error) {
	c := Config{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok || !strings.HasPrefix(name, "CONFIG_") || len(name) == len("CONFIG_") || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("line %d: want CONFIG_NAME=value: %w", n, ErrConfigSyntax)
		}
		c[name] = value
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read kernel config: %w", err)
	}
	return c, nil
}

// Enabled reports whether the option is built in or a module (=y or =m).
func (c Config) Enabled(option string) bool {
	v := c[option]
	return v == "y" || v == "m"
}

// BuiltIn reports whether the option is =y.
func (c Config) BuiltIn(option string) bool { return c[option] == "y" }
