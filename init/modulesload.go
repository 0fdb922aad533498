package boot

import (
	"bufio"
	"io"
	"strings"
)

// parseModulesLoad reads a modules-load.d(5) file: one module name a line,
// '#' and ';' start comments. Names are normalised ('-' becomes '_').
func parseModulesLoad(r io.Reader) ([]string, error) {
	var names []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		names = append(names, strings.ReplaceAll(line, "-", "_"))
	}
	return names, sc.Err()
}

// appendNew appends the names not already in list, keeping order.
func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		seen := false
		for _, have := range list {
			if have == n {
				seen = true
				break
			}
		}
		if !seen {
			list = append(list, n)
		}
	}
	return list
}
