package keeper

import (
	"strings"
	"testing"
)

func TestCrashSummary(t *testing.T) {
	report := "panic: runtime error: index out of range [3] with length 3\n\n" +
		"goroutine 12 [running]:\n" +
		"github.com/airroot/airroot/netboot/wifi.(*association).onFrame(0xc000010000, {0x0, 0x0})\n" +
		"\t/src/netboot/wifi/association.go:170 +0x1d\n" +
		"github.com/airroot/airroot/netboot/wifi.(*association).handle(...)\n" +
		"\t/src/netboot/wifi/association.go:110\n" +
		"created by github.com/airroot/airroot/netboot/wifi.Join in goroutine 1\n" +
		"\t/src/netboot/wifi/join.go:50 +0x99\n\n" +
		"goroutine 1 [select]:\nmain.main()\n\t/src/main.go:1\n"
	tests := []struct {
		name, report, reason, stack string
	}{
		{name: "panic", report: report, reason: "panic: runtime error: index out of range [3] with length 3",
			stack: "github.com/airroot/airroot/netboot/wifi.(*association).onFrame(0xc000010000, {0x0, 0x0}) < " +
				"github.com/airroot/airroot/netboot/wifi.(*association).handle(...) < " +
				"created by github.com/airroot/airroot/netboot/wifi.Join in goroutine 1"},
		{name: "fatal error", report: "fatal error: concurrent map writes\n\ngoroutine 5 [running]:\nf()\n\tx.go:1\n",
			reason: "fatal error: concurrent map writes", stack: "f()"},
		{name: "no stack", report: "panic: boom\n", reason: "panic: boom"},
		{name: "no crash", report: "airroot: keeper: something else\n"},
		{name: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, stack := crashSummary(tt.report)
			if reason != tt.reason || stack != tt.stack {
				t.Errorf("crashSummary() = %q, %q; want %q, %q", reason, stack, tt.reason, tt.stack)
			}
		})
	}
}

func TestCrashSummaryBounded(t *testing.T) {
	long := "panic: x\n\ngoroutine 1 [running]:\n" + strings.Repeat("f()\n\tx.go:1\n", 1000)
	if _, stack := crashSummary(long); len(stack) > maxStackLine+4 || !strings.HasSuffix(stack, " ...") {
		t.Errorf("stack of %d bytes, want at most %d, ending in ...", len(stack), maxStackLine+4)
	}
}

func FuzzCrashSummary(f *testing.F) {
	f.Add("panic: boom\n\ngoroutine 1 [running]:\nf()\n\tx.go:1\n")
	f.Add("fatal error: x\ngoroutine")
	f.Fuzz(func(t *testing.T, report string) {
		reason, stack := crashSummary(report)
		if reason == "" && stack != "" {
			t.Errorf("a stack without a reason: %q", stack)
		}
		if len(stack) > maxStackLine+4 {
			t.Errorf("stack of %d bytes", len(stack))
		}
	})
}
