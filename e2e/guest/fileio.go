package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// soakFileSize is the size of each file the I/O loop writes.
const soakFileSize = 64 << 10

// fileLoop writes files into dir, reads each back and compares, until told to stop;
// verifyAll reads every file again at the end.
type fileLoop struct {
	dir string
	// readFlags are added when opening a file to read it back: O_DIRECT on NFS, so the
	// bytes come from the server rather than the page cache.
	readFlags int
	now       func() time.Time
	// every, when set, paces the cycles: one starts every so often, sleep waits
	// for it (a long soak's I/O, lighter than back to back).
	every time.Duration
	sleep func(time.Duration)

	sums  map[string][32]byte
	names []string
	ops   []opSpan
	io    guestproto.IO
}

// opSpan is when one write-and-read-back started and ended.
type opSpan struct{ start, end time.Time }

// run does write-and-read-back cycles until the deadline; io.Seconds counts
// from begin, the soak's start, so that the set-up before the first cycle is in it.
func (l *fileLoop) run(begin, until time.Time) {
	if l.sums == nil {
		l.sums = map[string][32]byte{}
	}
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		l.fail(err)
		return
	}
	for i := 0; l.now().Before(until); i++ {
		start := l.now()
		err := l.cycle(i)
		end := l.now()
		l.ops = append(l.ops, opSpan{start, end})
		if d := end.Sub(start).Seconds(); d > l.io.LongestStallSeconds {
			l.io.LongestStallSeconds = d
		}
		if err != nil {
			l.fail(err)
		}
		if wait := min(start.Add(l.every).Sub(l.now()), until.Sub(l.now())); l.every > 0 && wait > 0 {
			l.sleep(wait)
		}
	}
	l.io.Seconds = l.now().Sub(begin).Seconds()
}

// cycle writes file i, syncs it and reads it back.
func (l *fileLoop) cycle(i int) error {
	name := filepath.Join(l.dir, fmt.Sprintf("f%05d", i))
	data := fileContent(i)
	if err := writeSynced(name, data); err != nil {
		return err
	}
	l.sums[name] = sha256.Sum256(data)
	l.names = append(l.names, name)
	l.io.Files++
	l.io.Bytes += int64(len(data))
	got, err := l.read(name)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, data) {
		return fmt.Errorf("read back %s: %d bytes differ from the %d written", name, len(got), len(data))
	}
	return nil
}

// verifyAll reads every file written and checks its digest.
func (l *fileLoop) verifyAll() {
	for _, name := range l.names {
		got, err := l.read(name)
		if err == nil && sha256.Sum256(got) != l.sums[name] {
			err = fmt.Errorf("verify %s: sha256 differs from what was written", name)
		}
		if err != nil {
			l.fail(err)
			continue
		}
		l.io.Verified++
	}
}

func (l *fileLoop) read(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|l.readFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

func (l *fileLoop) fail(err error) {
	if l.io.Errors == 0 {
		l.io.FirstError = err.Error()
	}
	l.io.Errors++
}

// resumedAfter is the time from t to the end of the first cycle that started after t
// and ended once the link was back, back seconds after t (nil: not known, any end
// counts). A cycle that finished before the station even noticed the fault (a power
// cut is noticed by the missed beacons) resumed nothing.
func (l *fileLoop) resumedAfter(t time.Time, back *float64) *float64 {
	for _, op := range l.ops {
		d := op.end.Sub(t).Seconds()
		if !op.start.Before(t) && (back == nil || d >= *back) {
			return &d
		}
	}
	return nil
}

func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", name, err)
	}
	return f.Close()
}

// fileContent is file i's bytes: random-looking, different for every file.
func fileContent(i int) []byte {
	var seed [32]byte
	seed[0], seed[1], seed[2] = byte(i), byte(i>>8), byte(i>>16)
	b := make([]byte, soakFileSize)
	mrand.NewChaCha8(seed).Read(b)
	return b
}
