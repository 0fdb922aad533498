package cpuuse

import (
	"errors"
	"testing"
	"time"
)

// A one-CPU board's /proc/stat (virt under QEMU, 6.1), trimmed after intr.
const statOneCPU = `cpu  193 0 534 25 0 0 10 0 0 0
cpu0 193 0 534 25 0 0 10 0 0 0
intr 45407 0 0 0
ctxt 61710
btime 1764875000
`

func TestParseStat(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		busy, idle time.Duration
		cpus       int
	}{
		{"one CPU", statOneCPU, 7370 * time.Millisecond, 250 * time.Millisecond, 1},
		{"four CPUs, iowait and steal", "cpu  100 20 300 4000 50 1 2 3 0 0\ncpu0 1 0 0 0\ncpu1 1 0 0 0\ncpu2 1 0 0 0\ncpu3 1 0 0 0\n",
			4260 * time.Millisecond, 40500 * time.Millisecond, 4},
		{"guest time left out (user holds it)", "cpu 100 0 0 0 0 0 0 0 70 5\ncpu0 100 0 0 0 0 0 0 0 70 5\n",
			time.Second, 0, 1},
		{"an old kernel's four fields", "cpu 1 2 3 4\n", 60 * time.Millisecond, 40 * time.Millisecond, 1},
		{"no cpuN lines", "cpu 1 0 0 1\n", 10 * time.Millisecond, 10 * time.Millisecond, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			busy, idle, cpus, err := ParseStat([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseStat: %v", err)
			}
			if busy != tt.busy || idle != tt.idle || cpus != tt.cpus {
				t.Errorf("ParseStat = %v busy, %v idle, %d CPUs; want %v, %v, %d", busy, idle, cpus, tt.busy, tt.idle, tt.cpus)
			}
		})
	}
}

func TestParseStatErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"intr 1 2 3\n",
		"cpu 1 2 3\n",
		"cpu 1 x 3 4\n",
		"cpu 1 -2 3 4\n",
		"cpu 99999999999999999999 0 0 0\n",
	} {
		if _, _, _, err := ParseStat([]byte(in)); !errors.Is(err, ErrFormat) {
			t.Errorf("ParseStat(%q) error = %v, want ErrFormat", in, err)
		}
	}
}

func TestParseProcStat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ppid int
		cpu  time.Duration
	}{
		{"the keeper's worker", "106 (exe) S 100 1 1 0 -1 4194560 1409 0 0 0 49 27 0 0 20 0 6 0 520 5738496 1413 4294967295\n", 100, 760 * time.Millisecond},
		{"a name with spaces and parentheses", "7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 3 4 5 6 20 0 1 0 1 0 0\n", 1, 70 * time.Millisecond},
		{"a kernel thread", "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 2 0 0 20 0 1 0 2 0 0\n", 0, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ppid, cpu, err := ParseProcStat([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseProcStat: %v", err)
			}
			if ppid != tt.ppid || cpu != tt.cpu {
				t.Errorf("ParseProcStat = ppid %d, %v; want %d, %v", ppid, cpu, tt.ppid, tt.cpu)
			}
		})
	}
}

func TestParseProcStatErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"106 exe S 100",
		"106 (exe) S 100 1 1 0",
		"106 (exe) S x 1 1 0 -1 0 0 0 0 0 49 27 0",
		"106 (exe) S 100 1 1 0 -1 0 0 0 0 0 49 -27 0",
	} {
		if _, _, err := ParseProcStat([]byte(in)); !errors.Is(err, ErrFormat) {
			t.Errorf("ParseProcStat(%q) error = %v, want ErrFormat", in, err)
		}
	}
}

func TestUseString(t *testing.T) {
	tests := []struct {
		name string
		use  Use
		want string
	}{
		{"a busy boot",
			Use{Busy: 3210 * time.Millisecond, Idle: 230 * time.Millisecond, CPUs: 1, Self: 1690 * time.Millisecond, Keeper: 900 * time.Millisecond},
			"3.21 s busy, 0.23 s idle on 1 CPU (93% busy): this init 1.69 s, the keeper 0.90 s, the kernel's threads and other processes 0.62 s"},
		{"four CPUs, no keeper",
			Use{Busy: time.Second, Idle: 3 * time.Second, CPUs: 4, Self: 400 * time.Millisecond},
			"1.00 s busy, 3.00 s idle on 4 CPUs (25% busy): this init 0.40 s, the keeper 0.00 s, the kernel's threads and other processes 0.60 s"},
		{"ticks counted apart never go below zero",
			Use{Busy: 100 * time.Millisecond, Idle: 0, CPUs: 1, Self: 80 * time.Millisecond, Keeper: 40 * time.Millisecond},
			"0.10 s busy, 0.00 s idle on 1 CPU (100% busy): this init 0.08 s, the keeper 0.04 s, the kernel's threads and other processes 0.00 s"},
		{"nothing counted", Use{CPUs: 1}, "no CPU time counted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.use.String(); got != tt.want {
				t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestSince(t *testing.T) {
	start := Sample{Busy: 4 * time.Second, Idle: time.Second, CPUs: 1, Self: 2 * time.Second}
	end := Sample{Busy: 7 * time.Second, Idle: 1500 * time.Millisecond, CPUs: 1, Self: 3 * time.Second, Keeper: 800 * time.Millisecond}
	want := Use{Busy: 3 * time.Second, Idle: 500 * time.Millisecond, CPUs: 1, Self: time.Second, Keeper: 800 * time.Millisecond}
	if got := end.Since(start); got != want {
		t.Errorf("Since = %+v, want %+v", got, want)
	}
}
