package boot

import (
	"strings"
	"testing"
)

func FuzzParseModulesLoad(f *testing.F) {
	f.Add("virtio_net\n# comment\nnfsv3\n")
	f.Add("; x\n\n  a-b  \n")
	f.Fuzz(func(t *testing.T, in string) {
		names, err := parseModulesLoad(strings.NewReader(in))
		if err != nil {
			return // only over-long lines fail
		}
		for _, n := range names {
			if n == "" || strings.ContainsAny(n, "-\n") || n[0] == '#' || n[0] == ';' {
				t.Errorf("bad module name %q from %q", n, in)
			}
			if strings.TrimSpace(n) != n {
				t.Errorf("name %q not trimmed", n)
			}
		}
	})
}
