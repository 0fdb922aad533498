package modload

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAliasesAgainstModprobe matches real modaliases and kernel requests against
// the real aliases of the Debian kernels the harness boots, with Aliases.Lookup and
// with the index behind Index.Modalias (mdev's lookups), and compares with what
// modprobe resolved them to on the same trees (testdata/debian/README says how
// they were made).
func TestAliasesAgainstModprobe(t *testing.T) {
	for _, release := range []string{"6.1.0-50-armmp", "6.1.0-50-rpi"} {
		t.Run(release, func(t *testing.T) {
			aliases := readAliasFile(t, filepath.Join("testdata", "debian", release+".modules.alias.gz"))
			if len(aliases) < 1000 {
				t.Fatalf("only %d aliases read", len(aliases))
			}
			ix := newAliasIndex(aliases)
			data, err := os.ReadFile(filepath.Join("testdata", "debian", release+".resolve"))
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				query, resolved, _ := strings.Cut(line, "\t")
				want := uniq(strings.Fields(resolved)) // modprobe names a module once per matching alias
				if diff := cmp.Diff(want, uniq(aliases.Lookup(query))); diff != "" {
					t.Errorf("Aliases.Lookup(%q) (-modprobe +modload):\n%s", query, diff)
				}
				if diff := cmp.Diff(want, uniq(ix.lookup(query))); diff != "" {
					t.Errorf("aliasIndex.lookup(%q) (-modprobe +index):\n%s", query, diff)
				}
			}
		})
	}
}

// uniq keeps the first of each name, in order; nil for none.
func uniq(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
