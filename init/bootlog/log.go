// Package bootlog is what airroot's two boot processes, PID 1 and the
// keeper, share to tell the boot's story: the Logger that writes the console
// and /dev/kmsg, the Timeline of timed Steps, and Retry, paced by internal/backoff.
package bootlog

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Verbosity is how much the console shows.
type Verbosity int

// Verbosity levels: quiet shows warnings and errors only, debug shows everything.
const (
	Quiet Verbosity = iota - 1
	Normal
	Debug
)

// VerbosityOf is the verbosity the command line asks for (airroot.debug,
// quiet): debug wins.
func VerbosityOf(debug, quiet bool) Verbosity {
	switch {
	case debug:
		return Debug
	case quiet:
		return Quiet
	}
	return Normal
}

// Logger writes airroot's lines to the console and a copy to the kernel log.
// Every line starts with "airroot: " so it can be found among printk lines.
type Logger struct {
	mu        sync.Mutex
	Console   io.Writer // nil: no console
	Kmsg      io.Writer // nil: no kernel log copy
	Verbosity Verbosity
}

// OpenKmsg makes the logger copy its lines to the kernel log, /dev/kmsg;
// false when that cannot be opened (the console still gets them).
func (l *Logger) OpenKmsg() bool {
	kmsg, err := os.OpenFile("/dev/kmsg", os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	l.Kmsg = kmsg
	return true
}

// syslog priorities used in the /dev/kmsg copy.
const (
	prioErr   = 3
	prioWarn  = 4
	prioInfo  = 6
	prioDebug = 7
)

// Infof logs a normal progress line.
func (l *Logger) Infof(format string, args ...any) { l.logf(prioInfo, format, args...) }

// Warnf logs a line a user should read even with quiet.
func (l *Logger) Warnf(format string, args ...any) { l.logf(prioWarn, format, args...) }

// Errorf logs a failure.
func (l *Logger) Errorf(format string, args ...any) { l.logf(prioErr, format, args...) }

// Debugf logs a line shown only with airroot.debug.
func (l *Logger) Debugf(format string, args ...any) { l.logf(prioDebug, format, args...) }

func (l *Logger) logf(prio int, format string, args ...any) {
	if l == nil {
		return
	}
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(msg, "\n") {
		if l.Console != nil && l.shows(prio) {
			fmt.Fprintf(l.Console, "airroot: %s\n", line)
		}
		switch {
		case l.Kmsg == nil:
		case l.Console == nil:
			// The kernel log is the only copy: keep the real level, and
			// only what the verbosity shows (the kernel drops a writer's
			// lines past ten in five seconds, silently).
			if l.shows(prio) {
				fmt.Fprintf(l.Kmsg, "<%d>airroot: %s\n", prio, line)
			}
		default:
			// One write per record, as /dev/kmsg wants. The copy goes in
			// at debug level, which the kernel does not echo to a console
			// that already has the line; the severity stays in the text.
			fmt.Fprintf(l.Kmsg, "<%d>airroot: %s%s\n", prioDebug, severityTag(prio), line)
		}
	}
}

// SetConsole changes where console lines go (nil: kernel log only).
func (l *Logger) SetConsole(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.Console = w
}

func (l *Logger) shows(prio int) bool {
	switch l.Verbosity {
	case Quiet:
		return prio <= prioWarn
	case Debug:
		return true
	default:
		return prio <= prioInfo
	}
}

// severityTag marks problems in the kernel log copy, where every airroot
// line has the same syslog level.
func severityTag(prio int) string {
	switch prio {
	case prioErr:
		return "error: "
	case prioWarn:
		return "warning: "
	}
	return ""
}
