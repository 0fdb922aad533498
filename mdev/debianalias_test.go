package mdev

import (
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
)

// TestAliasesAgainstModprobe matches real modaliases and kernel requests against
// the real aliases of the Debian kernels the harness boots, with modload's matching
// and with the index mdev uses, and compares with what modprobe resolved them to on
// the same trees (testdata/debian/README says how they were made).
func TestAliasesAgainstModprobe(t *testing.T) {
	for _, release := range []string{"6.1.0-50-armmp", "6.1.0-50-rpi"} {
		t.Run(release, func(t *testing.T) {
			aliases := readGzipAliases(t, filepath.Join("testdata", "debian", release+".modules.alias.gz"))
			if len(aliases) < 1000 {
				t.Fatalf("only %d aliases read", len(aliases))
			}
			ix := NewAliasIndex(aliases)
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
				if diff := cmp.Diff(want, uniq(ix.Lookup(query))); diff != "" {
					t.Errorf("AliasIndex.Lookup(%q) (-modprobe +index):\n%s", query, diff)
				}
			}
		})
	}
}

func readGzipAliases(t *testing.T, name string) modload.Aliases {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	aliases, err := modload.ParseAlias(bufio.NewReader(zr))
	if err != nil {
		t.Fatal(err)
	}
	return aliases
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
