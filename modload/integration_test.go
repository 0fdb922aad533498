package modload

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestIntegrationTree indexes a real modules tree, such as one extracted
// from a Debian kernel package, named by $AIRROOT_MODULES_TREE
// (.../lib/modules/6.1.0-50-armmp). With $AIRROOT_MODULES_DEP naming the
// modules.dep depmod wrote for the same tree, it checks that WriteDep agrees
// with depmod on every line's set of dependencies and on load order; with
// $AIRROOT_MODULES_ALIAS naming depmod's modules.alias, that Aliases gives
// the same lines in the same order; with $AIRROOT_MODULES_SOFTDEP naming
// depmod's modules.softdep, that Softdep gives every module the same
// softdeps.
func TestIntegrationTree(t *testing.T) {
	dir := os.Getenv("AIRROOT_MODULES_TREE")
	if dir == "" {
		t.Skip("set AIRROOT_MODULES_TREE to a lib/modules/KVER directory")
	}
	start := time.Now()
	ix, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("indexed %d modules (scanned .modinfo: %v) in %v", len(ix.modules), ix.scanned, time.Since(start))
	for _, name := range []string{"mac80211_hwsim", "nfs", "virtio_net", "ccm", "brcmfmac", "rtl8xxxu"} {
		mods, err := ix.Closure(name)
		if err != nil {
			t.Errorf("Closure(%s): %v", name, err)
			continue
		}
		var parts []string
		for _, m := range mods {
			parts = append(parts, describe(m))
		}
		t.Logf("closure %s: %s", name, strings.Join(parts, ", "))
	}
	if ref := os.Getenv("AIRROOT_MODULES_DEP"); ref != "" {
		compareWithDepmod(t, ix, ref)
	}
	if ref := os.Getenv("AIRROOT_MODULES_ALIAS"); ref != "" {
		compareAliases(t, ix, ref)
	}
	if ref := os.Getenv("AIRROOT_MODULES_SOFTDEP"); ref != "" {
		compareSoftdeps(t, ix, ref)
	}
}

func compareSoftdeps(t *testing.T, ix *Index, refPath string) {
	refFile, err := os.Open(refPath)
	if err != nil {
		t.Fatal(err)
	}
	defer refFile.Close()
	want, err := parseModulesSoftdep(refFile)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := ix.Softdeps()
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[string]Softdep)
	for _, r := range rules {
		got[r.Pattern] = r.Softdep
	}
	for name, sd := range want {
		if sd.empty() {
			delete(want, name) // "softdep cifs gcm": no pre: or post:, nothing to load
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Softdeps (-depmod +got):\n%s", diff)
	}
	t.Logf("compared with depmod: %d modules with softdeps", len(want))
}

func compareAliases(t *testing.T, ix *Index, refPath string) {
	refFile, err := os.Open(refPath)
	if err != nil {
		t.Fatal(err)
	}
	defer refFile.Close()
	want, err := ParseAlias(refFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Aliases()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Aliases (-depmod +got):\n%s", diff)
	}
	t.Logf("compared with depmod: %d aliases", len(want))
}

func describe(m Module) string {
	s := m.Name + " [" + m.Reason() + "]"
	if m.Builtin {
		s += " (builtin)"
	}
	if len(m.Firmware) > 0 {
		s += " firmware=" + strings.Join(m.Firmware, ",")
	}
	return s
}

func compareWithDepmod(t *testing.T, ix *Index, refPath string) {
	refFile, err := os.Open(refPath)
	if err != nil {
		t.Fatal(err)
	}
	defer refFile.Close()
	ref, err := ParseDep(refFile)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ix.WriteDep(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ParseDep(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ref) {
		t.Errorf("WriteDep wrote %d lines, depmod %d", len(got), len(ref))
	}
	gotByPath := make(map[string][]string, len(got))
	for _, d := range got {
		gotByPath[d.Path] = d.Depends
	}
	same, sameSet := 0, 0
	for i, want := range ref {
		g, ok := gotByPath[want.Path]
		if !ok {
			t.Errorf("%s: missing from WriteDep", want.Path)
			continue
		}
		if i < len(got) && got[i].Path != want.Path {
			t.Errorf("line %d: WriteDep has %s, depmod %s", i+1, got[i].Path, want.Path)
		}
		if strings.Join(g, " ") == strings.Join(want.Depends, " ") {
			same++
		}
		if !loadOrderValid(g, gotByPath) {
			t.Errorf("%s: %v read right to left is not a load order", want.Path, g)
		}
		if equalSets(g, want.Depends) {
			sameSet++
		} else {
			t.Errorf("%s: WriteDep needs %v, depmod %v", want.Path, g, want.Depends)
		}
	}
	t.Logf("compared with depmod: %d lines, %d with the same dependencies, %d also in the same order", len(ref), sameSet, same)
}

func equalSets(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := make(map[string]bool, len(a))
	for _, s := range a {
		set[s] = true
	}
	for _, s := range b {
		if !set[s] {
			return false
		}
	}
	return true
}

// loadOrderValid reports whether every module in line comes before (to the
// left of) all the modules it needs.
func loadOrderValid(line []string, depends map[string][]string) bool {
	pos := make(map[string]int, len(line))
	for i, p := range line {
		pos[p] = i
	}
	for i, p := range line {
		for _, d := range depends[p] {
			if j, ok := pos[d]; !ok || j <= i {
				return false
			}
		}
	}
	return true
}
