package bootlog

import "golang.org/x/sys/unix"

// Uptime is seconds since the kernel started (CLOCK_BOOTTIME): the clock of
// the timeline, which both processes share.
func Uptime() float64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return 0
	}
	return float64(ts.Sec) + float64(ts.Nsec)/1e9
}
