package wpa

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// recorder collects what a Handshake sends, installs and logs.
type recorder struct {
	sent      [][]byte
	installed []InstalledKey
	logs      []string
	sendErr   error
	h         *Handshake // the handshake wired to it
}

func (r *recorder) send(frame []byte) error {
	if r.sendErr != nil {
		return r.sendErr
	}
	r.sent = append(r.sent, append([]byte(nil), frame...))
	return nil
}

func (r *recorder) install(k InstalledKey) error {
	k.Key = append([]byte(nil), k.Key...)
	r.installed = append(r.installed, k)
	return nil
}

func (r *recorder) log(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// wire connects h's seams to r.
func (r *recorder) wire(h *Handshake) *Handshake {
	h.Send, h.Install, h.Log = r.send, r.install, r.log
	r.h = h
	return h
}

// lastSent parses the last frame h sent.
func (r *recorder) lastSent(t *testing.T) *Key {
	t.Helper()
	if len(r.sent) == 0 {
		t.Fatal("nothing sent")
	}
	k, err := ParseEAPOL(r.sent[len(r.sent)-1])
	if err != nil {
		t.Fatalf("parse sent frame: %v", err)
	}
	return k
}

// nonceReader returns a reader that yields the given nonces, then fails.
func nonceReader(nonces ...[32]byte) io.Reader {
	var b bytes.Buffer
	for _, n := range nonces {
		b.Write(n[:])
	}
	return &b
}
