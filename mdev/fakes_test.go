package mdev

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/modload"
)

// fakeSource plays the kernel's uevent socket: tests send messages (or
// errors) into it.
type fakeSource struct {
	items  chan sourceItem
	closed chan struct{}
	once   sync.Once
}

type sourceItem struct {
	msg []byte
	err error
}

func newFakeSource() *fakeSource {
	return &fakeSource{items: make(chan sourceItem, 1000), closed: make(chan struct{})}
}

func (s *fakeSource) Receive() ([]byte, error) {
	select {
	case it := <-s.items:
		return it.msg, it.err
	case <-s.closed:
		return nil, fs.ErrClosed
	}
}

func (s *fakeSource) Close() error {
	s.once.Do(func() { close(s.closed) })
	return nil
}

func (s *fakeSource) send(evs ...Event) {
	for _, ev := range evs {
		s.items <- sourceItem{msg: ev.Message()}
	}
}

// fakeLoader finds modules in aliases and records the modules it is asked
// to load; with gate set, each load waits for a value on it.
type fakeLoader struct {
	aliases   modload.Aliases
	lookupErr error // what ModaliasModules says, when set
	mu        sync.Mutex
	loaded    []string
	whys      []string // "module: why" for each module asked for
	gate      chan struct{}
	fail      map[string]error
}

func (l *fakeLoader) ModaliasModules(modalias string) ([]string, error) {
	if l.lookupErr != nil {
		return nil, l.lookupErr
	}
	return l.aliases.Lookup(modalias), nil
}

func (l *fakeLoader) LoadFor(why string, names ...string) error {
	if l.gate != nil {
		<-l.gate
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.loaded = append(l.loaded, names...)
	for _, n := range names {
		l.whys = append(l.whys, n+": "+why)
	}
	for _, n := range names {
		if err := l.fail[n]; err != nil {
			return err
		}
	}
	return nil
}

func (l *fakeLoader) names() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.loaded)
}

// logBook collects log lines.
type logBook struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBook) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logBook) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

func (l *logBook) has(substr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if strings.Contains(line, substr) {
			return true
		}
	}
	return false
}

func (l *logBook) find(t *testing.T, substr string) {
	t.Helper()
	if !l.has(substr) {
		l.mu.Lock()
		defer l.mu.Unlock()
		t.Errorf("no log line contains %q; the log:\n%s", substr, strings.Join(l.lines, "\n"))
	}
}

const testAliases = `alias virtio:d00000001v* virtio_net
alias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8xxxu
alias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8192cu
alias of:N*T*Cbrcm,bcm2835-sdhost* bcm2835
`

type harness struct {
	d      *Daemon
	src    *fakeSource
	loader *fakeLoader
	log    *logBook
}

// newHarness makes a daemon over temp-dir sysfs and /dev, a fake socket,
// the test aliases and a fake module loader.
func newHarness(t *testing.T) *harness {
	t.Helper()
	aliases, err := modload.ParseAlias(strings.NewReader(testAliases))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{src: newFakeSource(), loader: &fakeLoader{aliases: aliases}, log: &logBook{}}
	sys := t.TempDir()
	if err := os.MkdirAll(filepath.Join(sys, "devices"), 0o755); err != nil {
		t.Fatal(err)
	}
	h.d = &Daemon{
		Sys:      sys,
		Dev:      t.TempDir(),
		Firmware: []string{t.TempDir()},
		Modules:  h.loader,
		Log:      h.log.printf,
		Debug:    h.log.printf,
		Source:   h.src,
	}
	return h
}

func (h *harness) start(t *testing.T) {
	t.Helper()
	if err := h.d.Start(context.Background()); err != nil {
		t.Fatalf("Start() error = %v", err)
	}
	t.Cleanup(func() { h.d.Stop() })
}

// send gives events to the daemon as the kernel would, and notes the time
// as the kernel's write to a uevent file does.
func (h *harness) send(evs ...Event) {
	h.src.send(evs...)
	h.d.track.touch()
}

// settle waits for the fake socket to be read and the daemon to settle.
func (h *harness) settle(t *testing.T) {
	t.Helper()
	for len(h.src.items) > 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.d.Settle(ctx, 100*time.Millisecond); err != nil {
		t.Fatalf("Settle() error = %v", err)
	}
}

// ranCommand is one command a commandLog was asked to run.
type ranCommand struct{ Command, MDEV, Action string }

// commandLog is a runner that records each command with its MDEV and
// ACTION; the commands in fail fail with their error.
type commandLog struct {
	mu   sync.Mutex
	ran  []ranCommand
	fail map[string]error
}

func (c *commandLog) run(_ context.Context, command string, env []string, _ io.Writer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := ranCommand{Command: command}
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "MDEV="); ok {
			r.MDEV = v
		}
		if v, ok := strings.CutPrefix(kv, "ACTION="); ok {
			r.Action = v
		}
	}
	c.ran = append(c.ran, r)
	return c.fail[command]
}

// commands returns "MDEV: command" for each command run.
func (c *commandLog) commands() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, r := range c.ran {
		out = append(out, r.MDEV+": "+r.Command)
	}
	return out
}

func (c *commandLog) all() []ranCommand {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.ran)
}
