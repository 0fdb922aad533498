package modload

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestIntegrationResolve resolves every query of $AIRROOT_RESOLVE_QUERIES
// (lines "QUERY<TAB>MODULE MODULE...", what "modprobe --resolve-alias"
// printed for each) in the tree named by $AIRROOT_MODULES_TREE, which
// should hold depmod's modules.dep and modules.alias, and compares.
func TestIntegrationResolve(t *testing.T) {
	dir, queries := os.Getenv("AIRROOT_MODULES_TREE"), os.Getenv("AIRROOT_RESOLVE_QUERIES")
	if dir == "" || queries == "" {
		t.Skip("set AIRROOT_MODULES_TREE and AIRROOT_RESOLVE_QUERIES")
	}
	f, err := os.Open(queries)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l := &Loader{Dir: dir}
	same, n := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		query, line, _ := strings.Cut(sc.Text(), "\t")
		want := strings.Join(firstEach(strings.Fields(line)), " ") // modprobe lists a module once per matching alias
		got, err := l.Resolve(query)
		if err != nil {
			t.Fatal(err)
		}
		n++
		if strings.Join(got, " ") == want {
			same++
		} else if !sameSet(strings.Fields(want), got) {
			t.Errorf("Resolve(%q) = %q, modprobe %q", query, got, want)
		}
	}
	t.Logf("%d queries: %d the same modules in the same order as modprobe", n, same)
}

func sameSet(a, b []string) bool {
	return equalSets(a, b)
}

// firstEach returns names without repeats, in order of first appearance.
func firstEach(names []string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, name := range names {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}
