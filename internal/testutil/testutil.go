// Package testutil holds the small helpers that several packages' tests
// share. Only tests import it.
package testutil

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/u-root/u-root/pkg/cpio"
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

// RecordData returns the contents of the archive record called name,
// failing the test when there is none.
func RecordData(t testing.TB, records []cpio.Record, name string) []byte {
	t.Helper()
	for _, r := range records {
		if r.Name != name {
			continue
		}
		b := make([]byte, r.FileSize)
		if _, err := r.ReadAt(b, 0); err != nil && r.FileSize > 0 {
			t.Fatalf("read record %s: %v", name, err)
		}
		return b
	}
	t.Fatalf("no record %s", name)
	return nil
}

// HelperEnv, set in a test binary's environment, makes its TestMain act as a
// fake program instead of running the tests (the os/exec helper-process
// pattern); its value says which.
const HelperEnv = "AIRROOT_TEST_HELPER"

// HelperBinary returns the test binary, to run as the fake program role:
// HelperEnv is set to role for the rest of the test.
func HelperBinary(t *testing.T, role string) string {
	t.Helper()
	t.Setenv(HelperEnv, role)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// Buffer is a console that several goroutines write to and a test reads.
type Buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// WaitFor waits up to 5 s for the buffer to hold want, failing the test
// when it does not.
func (b *Buffer) WaitFor(t testing.TB, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("console %q lacks %q", b.String(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ReadFile returns the content of a file the test reads, failing the test
// if it cannot.
func ReadFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// AddFileSeeds adds the text of each file matching pattern (a package's
// real-world inputs in testdata) to f's seed corpus.
func AddFileSeeds(f *testing.F, pattern string) {
	f.Helper()
	names, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		f.Add(string(ReadFile(f, name)))
	}
}
