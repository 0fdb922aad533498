package deb

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxControl bounds the control file read into memory.
const maxControl = 1 << 20

// readControl finds ./control in the control archive and parses it.
func readControl(tr *tar.Reader) (map[string]string, error) {
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("no control file: %w", ErrFormat)
		}
		if err != nil {
			return nil, err
		}
		if path.Clean(strings.TrimPrefix(h.Name, "./")) != "control" || h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxControl))
		if err != nil {
			return nil, err
		}
		return ParseControl(string(data))
	}
}

// ParseControl parses a binary package's control file (deb-control(5)):
// "Field: value" lines, where a line starting with a space or a tab
// continues the field before it. A continued value keeps its line breaks.
func ParseControl(text string) (map[string]string, error) {
	fields := map[string]string{}
	last := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.TrimSpace(line) == "":
			continue
		case line[0] == ' ' || line[0] == '\t':
			if last == "" {
				return nil, fmt.Errorf("control line %d: continuation before any field: %w", n+1, ErrFormat)
			}
			fields[last] += "\n" + strings.TrimSpace(line)
		case line[0] == '#':
			continue
		default:
			name, value, ok := strings.Cut(line, ":")
			if !ok || name == "" || strings.ContainsAny(name, " \t") {
				return nil, fmt.Errorf("control line %d: want \"Field: value\": %w", n+1, ErrFormat)
			}
			fields[name], last = strings.TrimSpace(value), name
		}
	}
	return fields, nil
}
