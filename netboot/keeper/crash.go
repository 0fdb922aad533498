package keeper

import (
	"strings"
)

// maxStackLine bounds the one kernel-log line that carries a crash's stack:
// a /dev/kmsg record holds about 1 kB, and the kernel keeps only ten lines
// in five seconds from a writer, so the stack goes as one line, not thirty.
const maxStackLine = 900

// crashSummary condenses a Go crash report (what the runtime writes for an
// unrecovered panic or a fatal error: "panic: ...", then "goroutine N
// [running]:" and function/file line pairs) into its reason and the
// panicking goroutine's functions, innermost first, joined by " < ".
// Both are empty for text that is no crash report.
func crashSummary(report string) (reason, stack string) {
	lines := strings.Split(report, "\n")
	i := 0
	for ; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "panic: ") || strings.HasPrefix(lines[i], "fatal error: ") {
			reason = strings.TrimSpace(lines[i])
			break
		}
	}
	if reason == "" {
		return "", ""
	}
	for ; i < len(lines) && !strings.HasPrefix(lines[i], "goroutine "); i++ {
	}
	var funcs []string
	for _, l := range lines[min(i+1, len(lines)):] {
		if l == "" {
			break // the end of the first goroutine's block
		}
		if !strings.HasPrefix(l, "\t") {
			funcs = append(funcs, l)
		}
	}
	stack = strings.Join(funcs, " < ")
	if len(stack) > maxStackLine {
		stack = stack[:maxStackLine] + " ..."
	}
	return reason, stack
}
