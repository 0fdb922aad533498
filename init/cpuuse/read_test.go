package cpuuse

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fakeProc writes a /proc with a stat file and the processes' stat files.
func fakeProc(t *testing.T, stat string, procs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	for pid, line := range procs {
		if err := os.MkdirAll(filepath.Join(dir, pid), 0o755); err != nil {
			t.Fatal(err)
		}
		if line == "" {
			continue // a process gone between the listing and the read
		}
		if err := os.WriteFile(filepath.Join(dir, pid, "stat"), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// procLine is a /proc/PID/stat line with the given parent and ticks.
func procLine(pid, name, ppid, utime, stime string) string {
	return pid + " (" + name + ") S " + ppid + " 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0 1 0 1 0 0\n"
}

func TestRead(t *testing.T) {
	proc := fakeProc(t, statOneCPU, map[string]string{
		"1":    procLine("1", "init", "0", "108", "234"),
		"100":  procLine("100", "exe", "1", "10", "4"),    // the keeper's supervisor
		"106":  procLine("106", "exe", "100", "49", "27"), // its worker
		"77":   procLine("77", "hostapd", "1", "27", "27"),
		"9":    procLine("9", "kworker/u2:0", "2", "0", "39"),
		"120":  "", // gone
		"self": procLine("1", "init", "0", "108", "234"),
	})
	got, err := Read(proc, 1, 100)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := Sample{Busy: 7370 * time.Millisecond, Idle: 250 * time.Millisecond, CPUs: 1, Self: 3420 * time.Millisecond, Keeper: 900 * time.Millisecond}
	if got != want {
		t.Errorf("Read = %+v, want %+v", got, want)
	}
	noKeeper, err := Read(proc, 1, 0)
	if err != nil {
		t.Fatalf("Read without a keeper: %v", err)
	}
	if noKeeper.Keeper != 0 || noKeeper.Self != want.Self {
		t.Errorf("Read without a keeper = %+v, want the keeper's time 0 and this init's %v", noKeeper, want.Self)
	}
}

func TestReadWithoutStat(t *testing.T) {
	if _, err := Read(t.TempDir(), 1, 0); !os.IsNotExist(err) {
		t.Errorf("Read of a /proc without stat: error %v, want not exist", err)
	}
}

func TestReadThroughChildrenFiles(t *testing.T) {
	proc := fakeProc(t, statOneCPU, map[string]string{
		"1":   procLine("1", "init", "0", "108", "234"),
		"100": procLine("100", "exe", "1", "10", "4"),
		"106": procLine("106", "exe", "100", "49", "27"),
		"107": procLine("107", "exe", "1", "500", "500"), // not the keeper's child, though listed
	})
	// The supervisor's threads: the worker was started from its second.
	for tid, children := range map[string]string{"100": "", "103": "106 107 "} {
		dir := filepath.Join(proc, "100", "task", tid)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "children"), []byte(children), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Read(proc, 1, 100)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if want := 900 * time.Millisecond; got.Keeper != want {
		t.Errorf("Keeper = %v, want %v (the supervisor and its one real child)", got.Keeper, want)
	}
}
