package keeper

import (
	"runtime/metrics"
	"strings"
	"testing"
)

func TestFormatMemory(t *testing.T) {
	samples := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	got := formatMemory(samples)
	t.Log(got)
	for _, want := range []string{"Go runtime maps ", " KiB (and has released ", "heap objects ", "stacks "} {
		if !strings.Contains(got, want) {
			t.Errorf("formatMemory() = %q, lacks %q", got, want)
		}
	}
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindBad {
			t.Errorf("metric %s is not supported by this Go", s.Name)
		}
	}
	if strings.Contains(got, "maps 0 KiB") {
		t.Errorf("formatMemory() = %q: a running program holds memory", got)
	}
}
