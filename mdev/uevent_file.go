package mdev

import (
	"fmt"
	"strings"
)

// ParseUeventFile parses a /sys/.../uevent file: KEY=VALUE lines
// (MAJOR=8, MINOR=1, DEVNAME=sda1, MODALIAS=...). Blank lines are skipped;
// any other line without '=' is an error naming its number. The file has no
// ACTION, DEVPATH or SUBSYSTEM: the caller adds them (see EventFromEnv).
func ParseUeventFile(b []byte) (map[string]string, error) {
	env := make(map[string]string, 8)
	rest := string(b)
	for i := 0; rest != ""; i++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line == "" {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok || key == "" {
			return nil, fmt.Errorf("parse uevent file line %d: %q is not KEY=VALUE", i+1, line)
		}
		env[key] = value
	}
	return env, nil
}
