package modprobe

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// syslog priorities of the /dev/kmsg records.
const (
	prioErr   = 3
	prioInfo  = 6
	prioDebug = 7
)

// kmsgLog writes "airroot: modprobe: ..." records to the kernel log, one
// write per line as /dev/kmsg wants, with a syslog priority: the kernel
// shows info and errors on the console unless booted with quiet.
type kmsgLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (k *kmsgLog) infof(format string, args ...any)  { k.logf(prioInfo, "", format, args...) }
func (k *kmsgLog) errorf(format string, args ...any) { k.logf(prioErr, "error: ", format, args...) }
func (k *kmsgLog) debugf(format string, args ...any) { k.logf(prioDebug, "", format, args...) }

func (k *kmsgLog) logf(prio int, tag, format string, args ...any) {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(k.w, "<%d>airroot: modprobe: %s%s\n", prio, tag, line)
	}
}
