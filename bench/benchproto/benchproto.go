// Package benchproto is what the benchmark's guest program tells the host: one
// console line with the guest's uptime when it started as the new root's init and,
// when asked, what the processes that kept the network up used while the board idled.
package benchproto

import (
	"errors"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
)

// ResultPrefix starts the guest's line on the console; JSON follows it.
const ResultPrefix = "AIRROOT-BENCH-RESULT "

// ClockLinePrefix starts the line the guest writes to /dev/kmsg right after reading
// /proc/uptime: the console shows it with the kernel's printk time, which runs apart
// from CLOCK_BOOTTIME (by tenths of a second under QEMU's TCG), so the host can put
// printk-timed events on the uptime clock. The uptime follows, in seconds.
const ClockLinePrefix = "airroot-bench: clock uptime="

// IdleParam is the kernel parameter that asks the guest to idle this many seconds
// and measure the network's processes before and after ("airroot_bench_idle=60": a
// name without a dot, so the kernel hands it to init's environment too).
const IdleParam = "airroot_bench_idle"

// Proc is one process that keeps the network up after switch_root.
type Proc struct {
	PID  int    `json:"pid"`
	Name string `json:"name"` // argv[0]
	// RSSKiB is VmRSS from /proc/PID/status at the end of the idle time.
	RSSKiB int64 `json:"rss_kib"`
	// AnonKiB, FileKiB and ShmemKiB are VmRSS's parts (RssAnon: heap, stacks
	// and runtime; RssFile: the program and libraries mapped; RssShmem).
	AnonKiB  int64 `json:"rss_anon_kib"`
	FileKiB  int64 `json:"rss_file_kib"`
	ShmemKiB int64 `json:"rss_shmem_kib"`
	// CPUSeconds is utime+stime from /proc/PID/stat over the idle time.
	CPUSeconds float64 `json:"cpu_seconds"`
	// TotalCPUSeconds is utime+stime since the process started.
	TotalCPUSeconds float64 `json:"total_cpu_seconds"`
}

// Idle is what the network's processes used while the board idled.
type Idle struct {
	Seconds   float64 `json:"seconds"`
	Processes []Proc  `json:"processes"`
	// Missing names the expected processes not found (a crashed daemon).
	Missing []string `json:"missing,omitempty"`
}

// RSSKiB sums the processes' resident memory.
func (i Idle) RSSKiB() int64 {
	var sum int64
	for _, p := range i.Processes {
		sum += p.RSSKiB
	}
	return sum
}

// AnonKiB sums the processes' RssAnon at the end of the idle time.
func (i Idle) AnonKiB() int64 {
	var sum int64
	for _, p := range i.Processes {
		sum += p.AnonKiB
	}
	return sum
}

// CPUSeconds sums the processes' CPU time over the idle time.
func (i Idle) CPUSeconds() float64 {
	var sum float64
	for _, p := range i.Processes {
		sum += p.CPUSeconds
	}
	return sum
}

// Result is the guest's one line.
type Result struct {
	// UptimeSeconds is /proc/uptime when the guest started: kernel start to the new
	// root's init.
	UptimeSeconds float64 `json:"uptime_seconds"`
	Idle          *Idle   `json:"idle,omitempty"`
	// Rejoin is the Wi-Fi outages timed after the idle time, when asked.
	Rejoin *Rejoin `json:"rejoin,omitempty"`
	// Error says what the guest could not measure.
	Error string `json:"error,omitempty"`
}

// ErrNoResult reports a line without the result prefix.
var ErrNoResult = errors.New("no " + strings.TrimSpace(ResultPrefix) + " in line")

// FormatResult renders r as the console line, without a line ending.
func FormatResult(r Result) (string, error) { return guestproto.FormatLine(ResultPrefix, r) }

// ParseResultLine finds the prefix anywhere in a console line and decodes the JSON
// object after it, ignoring what follows the object (interleaved kernel output).
func ParseResultLine(line string) (Result, error) {
	var r Result
	found, err := guestproto.ParseLine(ResultPrefix, line, &r)
	if !found {
		return Result{}, ErrNoResult
	}
	if err != nil {
		return Result{}, err
	}
	return r, nil
}
