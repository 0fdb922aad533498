package main

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// readKernelLog reads the texts of every record in /dev/kmsg.
func readKernelLog() ([]string, error) {
	records, err := readKernelRecords()
	return messages(records), err
}

// readKernelRecords reads every record in /dev/kmsg without blocking: one read
// returns one record, EAGAIN means the end.
func readKernelRecords() ([]kmsgRecord, error) {
	fd, err := unix.Open("/dev/kmsg", unix.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: "/dev/kmsg", Err: err}
	}
	defer unix.Close(fd)
	var records []kmsgRecord
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
		if r, err := parseKmsgRecord(string(buf[:n])); err == nil {
			records = append(records, r)
		}
	}
}

// markKernelLog writes msg into the kernel log, so that its time is on the same clock
// as the keeper's lines.
func markKernelLog(msg string) error {
	f, err := os.OpenFile("/dev/kmsg", os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString("<5>" + msg + "\n")
	return err
}
