package boot

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
)

// writeProc writes /proc/stat's cpu line and this process's stat file under
// dir, with busy, idle and this process's ticks.
func writeProc(t *testing.T, dir string, busy, idle, self int) {
	t.Helper()
	stat := "cpu  " + strconv.Itoa(busy) + " 0 0 " + strconv.Itoa(idle) + " 0 0 0 0 0 0\ncpu0 0 0 0 0\n"
	if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	pid := strconv.Itoa(os.Getpid())
	if err := os.MkdirAll(filepath.Join(dir, pid), 0o755); err != nil {
		t.Fatal(err)
	}
	line := pid + " (init) S 0 1 1 0 -1 0 0 0 0 0 " + strconv.Itoa(self) + " 0 0 0 20 0 1 0 1 0 0\n"
	if err := os.WriteFile(filepath.Join(dir, pid, "stat"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLogCPU(t *testing.T) {
	dir := t.TempDir()
	old := procDir
	procDir = dir
	t.Cleanup(func() { procDir = old })

	var console strings.Builder
	b := &Boot{Log: &bootlog.Logger{Console: &console}}
	writeProc(t, dir, 400, 100, 150)
	b.sampleCPU()
	writeProc(t, dir, 700, 110, 250)
	b.logCPU(0)
	want := "boot: CPU since /init: 3.00 s busy, 0.10 s idle on 1 CPU (96% busy): this init 1.00 s, the keeper 0.00 s, the kernel's threads and other processes 2.00 s"
	if !strings.Contains(console.String(), want) {
		t.Errorf("console:\n%s\nwant a line with\n%s", console.String(), want)
	}
}

func TestLogCPUWithoutProc(t *testing.T) {
	old := procDir
	procDir = t.TempDir() // no stat file
	t.Cleanup(func() { procDir = old })

	var console strings.Builder
	b := &Boot{Log: &bootlog.Logger{Console: &console}}
	b.sampleCPU()
	b.logCPU(0)
	if strings.Contains(console.String(), "CPU since") {
		t.Errorf("console says a CPU account without /proc/stat:\n%s", console.String())
	}
}
