package main

import (
	"fmt"
	"strconv"
	"strings"
)

// kmsgRecord is one record of the kernel log: its time in seconds since boot (the
// kernel's log clock) and its text.
type kmsgRecord struct {
	At  float64
	Msg string
}

// parseKmsgRecord reads one record as /dev/kmsg hands it out:
// "PRIO,SEQ,USEC,FLAGS[,...];TEXT\n" followed by continuation lines.
func parseKmsgRecord(raw string) (kmsgRecord, error) {
	head, msg, ok := strings.Cut(raw, ";")
	if !ok {
		return kmsgRecord{}, fmt.Errorf("kernel log record %q: no ';' after its header", raw)
	}
	fields := strings.Split(head, ",")
	if len(fields) < 3 {
		return kmsgRecord{}, fmt.Errorf("kernel log record header %q: want priority, sequence and time", head)
	}
	usec, err := strconv.ParseUint(fields[2], 10, 64)
	if err != nil {
		return kmsgRecord{}, fmt.Errorf("kernel log record header %q: time: %w", head, err)
	}
	msg, _, _ = strings.Cut(msg, "\n") // continuation lines carry dictionary fields
	return kmsgRecord{At: float64(usec) / 1e6, Msg: msg}, nil
}

// messages returns the records' texts.
func messages(records []kmsgRecord) []string {
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = r.Msg
	}
	return out
}
