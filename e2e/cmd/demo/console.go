package main

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
)

// consoleFilter passes on the console lines a person wants to see during the boot
// (airroot's, the access point's, the guest's own), and everything once the guest's
// shell runs.
type consoleFilter struct {
	mu      sync.Mutex
	w       io.Writer
	partial []byte
	raw     bool
	// prompts gets a token each time the shell's output ends with its prompt.
	prompts chan struct{}
	// tail is the end of the shell's output so far.
	tail []byte
	// dropCursorQueries leaves askCursor out of the output: no terminal answers it.
	dropCursorQueries bool
	held              []byte // the start of a cursor query, until the rest comes
}

// shellPrompt ends the guest shell's prompt (PS1).
const shellPrompt = " # "

// askCursor is the terminal query busybox's line editor sends after its prompt.
const askCursor = "\x1b[6n"

// isPrompt says whether console output ends with the shell's prompt.
func isPrompt(p []byte) bool {
	return bytes.HasSuffix(bytes.TrimSuffix(p, []byte(askCursor)), []byte(shellPrompt))
}

func newConsoleFilter(w io.Writer) *consoleFilter {
	return &consoleFilter{w: w, prompts: make(chan struct{}, 1)}
}

func (c *consoleFilter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.raw {
		c.shellOutput(p)
		return len(p), nil
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
			c.shellOutput(c.partial)
			c.partial = nil
			return len(p), nil
		}
		if shown(line) {
			io.WriteString(c.w, line)
		}
	}
}

// shellOutput writes the shell's output and notices its prompts.
func (c *consoleFilter) shellOutput(p []byte) {
	wasPrompt := isPrompt(c.tail)
	c.tail = append(c.tail, p...)
	if len(c.tail) > 64 {
		c.tail = c.tail[len(c.tail)-64:]
	}
	if !wasPrompt && isPrompt(c.tail) { // a new prompt, not the query after the last one
		select {
		case c.prompts <- struct{}{}:
		default:
		}
	}
	if c.dropCursorQueries {
		p = bytes.ReplaceAll(append(c.held, p...), []byte(askCursor), nil)
		c.held = nil
		for n := len(askCursor) - 1; n > 0; n-- { // a query cut in two: keep its start
			if bytes.HasSuffix(p, []byte(askCursor[:n])) {
				p, c.held = p[:len(p)-n], []byte(askCursor[:n])
				break
			}
		}
	}
	c.w.Write(p)
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
	case strings.Contains(line, machine.TimelinePrefix): // JSON for machines; the boot: line says it for people
		return false
	case strings.Contains(line, "airroot: "), strings.Contains(line, guestproto.FixtureLogPrefix+"access point"),
		strings.Contains(line, "guest: "), strings.Contains(line, "Run /"), strings.Contains(line, "Booting Linux"):
		return true
	}
	return false
}
