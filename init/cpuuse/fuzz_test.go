package cpuuse

import "testing"

func FuzzParseStat(f *testing.F) {
	f.Add([]byte(statOneCPU))
	f.Add([]byte("cpu 1 2 3 4\n"))
	f.Add([]byte("cpu0 1 2 3 4\ncpu 1 2 3 4 5 6 7 8 9 10 11\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		busy, idle, cpus, err := ParseStat(b)
		if err != nil {
			return
		}
		if busy < 0 || idle < 0 || cpus < 1 {
			t.Errorf("ParseStat(%q) = %v busy, %v idle, %d CPUs: want none negative and a CPU at least", b, busy, idle, cpus)
		}
	})
}

func FuzzParseProcStat(f *testing.F) {
	f.Add([]byte(procLine("106", "exe", "100", "49", "27")))
	f.Add([]byte(procLine("7", "a (b) c", "1", "3", "4")))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, cpu, err := ParseProcStat(b)
		if err == nil && cpu < 0 {
			t.Errorf("ParseProcStat(%q) = %v: want no negative time", b, cpu)
		}
	})
}
