package modload

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// eachConfLine calls fn with every line of a modprobe.d file that is not
// blank or a comment: its number (of its first physical line), its words
// (split at blanks: spaces, tabs, and carriage returns, so that CRLF files
// read well), and rest, which returns the line from word i on, as written,
// without trailing blanks. A '\' at the end of a line joins the next; a '\'
// before any other byte is dropped and the byte kept, as modprobe's
// freadline_wrapped does.
func eachConfLine(r io.Reader, fn func(n int, words []string, rest func(int) string)) error {
	br := bufio.NewReader(r)
	for n := 1; ; {
		line, lines, err := readConfLine(br)
		if err != nil {
			return fmt.Errorf("read line %d: %w", n, err)
		}
		if lines == 0 {
			return nil
		}
		if words, starts := splitWords(line); len(words) > 0 && words[0][0] != '#' {
			fn(n, words, func(i int) string { return strings.TrimRight(line[starts[i]:], blanks) })
		}
		n += lines
	}
}

// readConfLine reads one logical line and says how many physical lines it
// took (0 at the end of the input).
func readConfLine(br *bufio.Reader) (string, int, error) {
	var b strings.Builder
	lines := 0
	for {
		c, err := br.ReadByte()
		if errors.Is(err, io.EOF) {
			if b.Len() > 0 || lines > 0 {
				lines++
			}
			return b.String(), lines, nil
		}
		if err != nil {
			return "", 0, err
		}
		switch c {
		case '\n':
			return b.String(), lines + 1, nil
		case '\\':
			next, err := br.ReadByte()
			switch {
			case errors.Is(err, io.EOF):
			case err != nil:
				return "", 0, err
			case next == '\n':
				lines++
			default:
				b.WriteByte(next)
			}
		default:
			b.WriteByte(c)
		}
	}
}

// blanks separate the words of a modprobe.d line.
const blanks = " \t\r"

// splitWords splits line at runs of blanks, returning the words and where
// each starts.
func splitWords(line string) (words []string, starts []int) {
	isBlank := func(c byte) bool { return strings.IndexByte(blanks, c) >= 0 }
	for i := 0; i < len(line); {
		if isBlank(line[i]) {
			i++
			continue
		}
		j := i
		for j < len(line) && !isBlank(line[j]) {
			j++
		}
		words = append(words, line[i:j])
		starts = append(starts, i)
		i = j
	}
	return words, starts
}
