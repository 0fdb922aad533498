package keeper

import (
	"fmt"
	"runtime/metrics"
)

// memoryMetrics are the Go runtime's own accounts of the memory it holds.
var memoryMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/os-stacks:bytes",
	"/memory/classes/metadata/other:bytes",
	"/memory/classes/metadata/mspan/inuse:bytes",
	"/memory/classes/metadata/mcache/inuse:bytes",
	"/memory/classes/profiling/buckets:bytes",
	"/memory/classes/other:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

// memoryLine says where the Go runtime's memory is, for the keeper's log:
// what a VmRSS figure is made of, besides the program's own pages.
func memoryLine() string {
	samples := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	return formatMemory(samples)
}

// formatMemory writes samples of memoryMetrics as one line in KiB.
func formatMemory(samples []metrics.Sample) string {
	v := map[string]uint64{}
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[s.Name] = s.Value.Uint64()
		}
	}
	kib := func(names ...string) uint64 {
		var sum uint64
		for _, n := range names {
			sum += v["/memory/classes/"+n+":bytes"]
		}
		return sum / 1024
	}
	return fmt.Sprintf("Go runtime maps %d KiB (and has released %d KiB to the kernel): heap objects %d KiB, "+
		"heap free or unused %d KiB, goroutine and thread stacks %d KiB, runtime metadata %d KiB, other %d KiB",
		kib("total")-kib("heap/released"), kib("heap/released"), kib("heap/objects"),
		kib("heap/unused", "heap/free"), kib("heap/stacks", "os-stacks"),
		kib("metadata/other", "metadata/mspan/inuse", "metadata/mcache/inuse"), kib("profiling/buckets", "other"))
}
