package netboot

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
)

// TestSaveStateWritesChangesOnly: a renewal that changes nothing writes
// nothing (the file, changed behind SaveState's back, stays as it is), and a
// change of name servers is written.
func TestSaveStateWritesChangesOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "airroot")
	p := filepath.Join(dir, "resolv.conf")
	n := New(nil, nil)
	n.dns = []netip.Addr{netip.MustParseAddr("192.0.2.53")}
	steps := []struct {
		name   string
		before func()
		want   string
	}{
		{name: "first", want: "nameserver 192.0.2.53\n"},
		{name: "unchanged", before: func() { writeFile(t, p, "edited\n") }, want: "edited\n"},
		{name: "new server", before: func() { n.dns = []netip.Addr{netip.MustParseAddr("192.0.2.54")} }, want: "nameserver 192.0.2.54\n"},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		if err := n.SaveState(dir); err != nil {
			t.Fatalf("%s: SaveState: %v", s.name, err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if string(got) != s.want {
			t.Errorf("%s: resolv.conf = %q, want %q", s.name, got, s.want)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
