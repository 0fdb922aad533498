package main

import (
	"errors"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// readKernelLog reads every record in /dev/kmsg without blocking: one read
// returns one record, EAGAIN means the end.
func readKernelLog() ([]string, error) {
	fd, err := unix.Open("/dev/kmsg", unix.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: "/dev/kmsg", Err: err}
	}
	defer unix.Close(fd)
	var records []string
	buf := make([]byte, 8192)
	for {
		n, err := unix.Read(fd, buf)
		switch {
		case errors.Is(err, unix.EAGAIN):
			return records, nil
		case errors.Is(err, unix.EPIPE):
			continue // records overwritten while reading: go on with the next
		case err != nil:
			return records, &os.PathError{Op: "read", Path: "/dev/kmsg", Err: err}
		}
		if _, msg, ok := strings.Cut(string(buf[:n]), ";"); ok {
			records = append(records, strings.TrimRight(msg, "\n"))
		}
	}
}
