package guestproto

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A console line that a guest program prints for the host is a prefix and a
// JSON object. FormatLine and ParseLine are that format, for the test bed's
// result line and the benchmark's.

// FormatLine renders v as prefix followed by v's JSON, without a newline.
func FormatLine(prefix string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s line: %w", strings.TrimSpace(prefix), err)
	}
	return prefix + string(b), nil
}

// ParseLine finds prefix anywhere in a console line and decodes the JSON
// object after it into v; text after the object (interleaved kernel output)
// is ignored. found is false when the line has no prefix.
func ParseLine(prefix, line string, v any) (found bool, err error) {
	i := strings.Index(line, prefix)
	if i < 0 {
		return false, nil
	}
	if err := json.NewDecoder(strings.NewReader(line[i+len(prefix):])).Decode(v); err != nil {
		return true, fmt.Errorf("parse %s line: %w", strings.TrimSpace(prefix), err)
	}
	return true, nil
}
