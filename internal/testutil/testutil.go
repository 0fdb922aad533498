// Package testutil holds the small helpers that several packages' tests
// share. Only tests import it.
package testutil

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// MAC parses a hardware address written in a test, failing the test if it
// is malformed.
func MAC(t testing.TB, s string) net.HardwareAddr {
	t.Helper()
	a, err := net.ParseMAC(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FakeInit writes a stand-in for airroot's /init (an ELF magic and a few
// bytes) and returns its path: the builder needs a file, not a program.
func FakeInit(t testing.TB) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "init")
	if err := os.WriteFile(p, []byte("\x7fELF fake init"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}
