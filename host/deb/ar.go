package deb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const (
	arMagic      = "!<arch>\n"
	arHeaderSize = 60
)

// readAr calls fn with the name and content of each member of a common
// (System V / GNU) ar archive, in order. Names lose GNU's trailing '/'.
// fn need not read the whole body.
func readAr(r io.Reader, fn func(name string, body io.Reader) error) error {
	br := bufio.NewReader(r)
	magic := make([]byte, len(arMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != arMagic {
		return fmt.Errorf("no ar archive signature: %w", ErrFormat)
	}
	for {
		name, size, err := readArHeader(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		body := io.LimitReader(br, size)
		if err := fn(name, body); err != nil {
			return err
		}
		// Skip what fn left, and the padding to an even offset.
		if _, err := io.Copy(io.Discard, body); err != nil {
			return fmt.Errorf("member %s: %w", name, err)
		}
		if size%2 == 1 {
			if _, err := br.Discard(1); err != nil && !errors.Is(err, io.EOF) {
				return err
			}
		}
	}
}

// readArHeader reads one 60-byte member header: name[16] mtime[12] uid[6]
// gid[6] mode[8] size[10] "`\n". It returns io.EOF at a clean end.
func readArHeader(br *bufio.Reader) (string, int64, error) {
	var h [arHeaderSize]byte
	n, err := io.ReadFull(br, h[:])
	if n == 0 && errors.Is(err, io.EOF) {
		return "", 0, io.EOF
	}
	if err != nil {
		return "", 0, fmt.Errorf("truncated ar member header: %w", ErrFormat)
	}
	if !bytes.Equal(h[58:60], []byte("`\n")) {
		return "", 0, fmt.Errorf("bad ar member header: %w", ErrFormat)
	}
	name := strings.TrimSuffix(strings.TrimRight(string(h[0:16]), " "), "/")
	size, err := strconv.ParseInt(strings.TrimRight(string(h[48:58]), " "), 10, 64)
	if err != nil || size < 0 {
		return "", 0, fmt.Errorf("ar member %q: bad size: %w", name, ErrFormat)
	}
	return name, size, nil
}
