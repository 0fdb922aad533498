package modload

import (
	"fmt"
	"io"
	"strings"
)

// ParseProcModules parses /proc/modules and returns the names of the modules
// the kernel has loaded (or is loading or unloading): the first field of each
// line, "mac80211 843776 1 mac80211_hwsim, Live 0x00000000".
func ParseProcModules(r io.Reader) ([]string, error) {
	var names []string
	err := eachLine(r, func(n int, line string) error {
		name, _, _ := strings.Cut(line, " ")
		if strings.ContainsAny(name, "\t/") {
			return fmt.Errorf("parse /proc/modules line %d: bad module name in %q", n, line)
		}
		names = append(names, Normalize(name))
		return nil
	})
	return names, err
}
