package main

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/harness"
)

// consoleFilter passes on the console lines a person wants to see during the boot
// (airroot's, the access point's, the guest's own), and everything once the guest's
// shell runs.
type consoleFilter struct {
	mu      sync.Mutex
	w       io.Writer
	partial []byte
	raw     bool
}

func newConsoleFilter(w io.Writer) *consoleFilter { return &consoleFilter{w: w} }

func (c *consoleFilter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.raw {
		return c.w.Write(p)
	}
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(c.partial[:i+1])
		c.partial = c.partial[i+1:]
		if strings.Contains(line, guestproto.ShellStartLine) {
			c.raw = true
			_, err := c.w.Write(c.partial)
			c.partial = nil
			return len(p), err
		}
		if shown(line) {
			io.WriteString(c.w, line)
		}
	}
}

// Flush writes a last line without its line ending, if it is one to show.
func (c *consoleFilter) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.raw && shown(string(c.partial)) {
		c.w.Write(append(c.partial, '\n'))
	}
	c.partial = nil
}

// shown says whether a boot console line is one to show.
func shown(line string) bool {
	switch {
	case strings.Contains(line, harness.TimelinePrefix): // JSON for machines; the boot: line says it for people
		return false
	case strings.Contains(line, "airroot: "), strings.Contains(line, guestproto.FixtureLogPrefix+"access point"),
		strings.Contains(line, "guest: "), strings.Contains(line, "Run /"), strings.Contains(line, "Booting Linux"):
		return true
	}
	return false
}
