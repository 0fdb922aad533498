package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/google/go-cmp/cmp"
)

func TestFeatureCost(t *testing.T) {
	g := ParseImportGraph([]byte("root a c\na b\nc b\nb\nd\n"))
	sizes := []PackageSize{{"b", 300}, {"a", 200}, {"c", 100}, {"root", 50}, {"d", 10}}
	tests := []struct {
		name      string
		roots     []string
		wantPkgs  []string
		wantBytes int64
	}{
		{name: "a shared import stays", roots: []string{"a"}, wantPkgs: []string{"a"}, wantBytes: 200},
		{name: "the last importer takes it along", roots: []string{"a", "c"}, wantPkgs: []string{"b", "a", "c"}, wantBytes: 600},
		{name: "a package outside the graph weighs nothing", roots: []string{"d"}, wantBytes: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := g.Cost("root", Feature{Name: tt.name, Roots: tt.roots}, sizes)
			if diff := cmp.Diff(tt.wantPkgs, f.Packages); diff != "" || f.Bytes != tt.wantBytes {
				t.Errorf("Cost = %d bytes, want %d; packages (-want +got):\n%s", f.Bytes, tt.wantBytes, diff)
			}
		})
	}
}

// TestMeasureFeatures checks that every feature's roots are in /init's graph,
// so that a renamed or dropped package does not leave a row weighing nothing.
func TestMeasureFeatures(t *testing.T) {
	repo := repoForGo(t, "lists /init's imports with go list")
	var ps PackageSizes
	for _, f := range InitFeatures {
		for _, r := range f.Roots {
			ps.Packages = append(ps.Packages, PackageSize{Package: r, Bytes: 1})
		}
	}
	fs, err := MeasureFeatures(context.Background(), repo, ps)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		for _, r := range f.Roots {
			if !strings.Contains(strings.Join(f.Packages, " ")+" ", r+" ") {
				t.Errorf("feature %q: root %s is not in /init's import graph", f.Name, r)
			}
		}
	}
}

func TestWriteFeatures(t *testing.T) {
	var w strings.Builder
	writeFeatures(&w, []Feature{{Name: "SAE", Packages: []string{"x/sae", "x/nistec"}, Bytes: 3072}})
	if want := "| SAE | 3.0 | 2: `x/sae`, `x/nistec` |"; !strings.Contains(w.String(), want) {
		t.Errorf("Markdown lacks %q:\n%s", want, w.String())
	}
}

// FuzzParseImportGraph checks that every line's first field becomes a package
// whose imports are the rest of its fields.
func FuzzParseImportGraph(f *testing.F) {
	f.Add([]byte("root a c\na b\nc b\nb\n"))
	f.Add([]byte("\n\n  x \t y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := ParseImportGraph(data)
		for _, line := range strings.Split(string(data), "\n") {
			fields := strings.Fields(line)
			if len(fields) == 0 || len(line) > 1<<20 || strings.ContainsAny(line, "\r") {
				continue
			}
			if _, ok := g[fields[0]]; !ok {
				t.Errorf("line %q: package %q missing from the graph", line, fields[0])
			}
		}
	})
}

// TestInitLeavesOut keeps out of /init the packages it was cut loose from:
// each would bring code that no user needs.
func TestInitLeavesOut(t *testing.T) {
	repo := repoForGo(t, "lists /init's imports with go list")
	g, err := InitImportGraph(context.Background(), repo)
	if err != nil {
		t.Fatal(err)
	}
	in := g.reachable(InitPackage, nil)
	for pkg, why := range map[string]string{
		"debug/elf":                      "DWARF and zstd for one section: modload reads .modinfo itself",
		"github.com/vishvananda/netlink": "a second netlink library: link speaks rtnetlink over mdlayher/netlink",
		"net/http":                       "an HTTP stack /init never serves nor fetches",
		"text/template":                  "a template engine /init never renders",
	} {
		if in[pkg] {
			t.Errorf("/init imports %s (%s)", pkg, why)
		}
	}
	if !in["github.com/mdlayher/netlink"] {
		t.Error("/init's import graph lacks mdlayher/netlink: the graph is not /init's")
	}
}

// repoForGo returns the repository's root for a test that runs the go
// command on it (what), skipping it under -short.
func repoForGo(t *testing.T, what string) string {
	t.Helper()
	if testing.Short() {
		t.Skip(what)
	}
	repo, err := artifact.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return repo
}
