package keeper

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot"
)

// The protocol between PID 1 and the keeper: the whole of it is in this file.
//
// PID 1 starts the keeper (Start) with its end of a socket pair as fd 3;
// PID 1's end is close-on-exec. Each side writes one JSON message a line:
//
//	keeper → PID 1  {"step":{...}}            a step (or mark) of the timeline finished
//	keeper → PID 1  {"awaiting_devices":true} its link waits for the devices (a wired root)
//	PID 1 → keeper  {"devices_settled":true}  modules and devices are done
//	keeper → PID 1  {"ready":{...}}           the network is up: netboot.State
//	keeper → PID 1  {"fatal":"..."}           the network cannot come up without a fix
//	PID 1 → keeper  {"switching":"/newroot"}  the new root, just before switch_root
//	keeper → PID 1  {"holding":"/newroot"}    the keeper holds the new root open
//	keeper → PID 1  {"fatal":"..."}           (instead) it could not open it
//
// then PID 1 moves the new root over / and execs the new init, and the
// keeper sees EOF. PID 1 waits for "holding" (at most switchAckTimeout)
// before the move: a keeper that opened /newroot after it would hold an
// empty directory of the old rootfs.

// Name is the keeper's argv[0]. systemd leaves any process run by root
// whose argv[0] starts with '@' out of the kill at switch-root and at the
// end of shutdown (systemd-shutdown), as it does kernel threads: its
// ROOT_STORAGE_DAEMONS.md reserves that for daemons from the initrd that
// the root's storage needs, which the keeper is. No file is involved.
const Name = "@airroot"

// controlFD is the keeper's end of the socket pair to PID 1.
const controlFD = 3

// message is one line between PID 1 and the keeper; exactly one field is set.
type message struct {
	Step      *bootlog.Step  `json:"step,omitempty"`      // keeper → PID 1: a step finished
	Ready     *netboot.State `json:"ready,omitempty"`     // keeper → PID 1: the network is up
	Fatal     string         `json:"fatal,omitempty"`     // keeper → PID 1: the network cannot come up without a fix
	Switching string         `json:"switching,omitempty"` // PID 1 → keeper: the new root's directory, just before switch_root
	Holding   string         `json:"holding,omitempty"`   // keeper → PID 1: it holds the new root open
	// DevicesSettled (PID 1 → keeper): the modules and devices steps are
	// done, so a missing interface will not come by itself any more.
	DevicesSettled bool `json:"devices_settled,omitempty"`
	// AwaitingDevices (keeper → PID 1): the keeper's link waits for
	// DevicesSettled (a wired root: its NIC's driver may come from the
	// coldplug), so the devices step is on the boot's path from now on.
	AwaitingDevices bool `json:"awaiting_devices,omitempty"`
}

// send writes one message.
func send(w io.Writer, m message) error { return writeJSON(w, m) }

// receive reads the next message.
func receive(d *json.Decoder) (message, error) {
	var m message
	if err := d.Decode(&m); err != nil {
		return m, err
	}
	if m.Step == nil && m.Ready == nil && m.Fatal == "" && m.Switching == "" && m.Holding == "" && !m.DevicesSettled && !m.AwaitingDevices {
		return m, fmt.Errorf("keeper: empty message")
	}
	return m, nil
}

// switchAckTimeout bounds how long PID 1 waits for the keeper to say it
// holds the new root: the root matters more than the keeper's following it.
const switchAckTimeout = 5 * time.Second

// Proc is PID 1's end: its handle on a keeper it started.
type Proc struct {
	pid        int
	conn       io.ReadWriteCloser
	dec        *json.Decoder
	ackTimeout time.Duration
	sendMu     sync.Mutex // DevicesSettled may come from another goroutine than Switching
}

func newProc(pid int, conn io.ReadWriteCloser) *Proc {
	return &Proc{pid: pid, conn: conn, dec: json.NewDecoder(conn), ackTimeout: switchAckTimeout}
}

// PID is the keeper's process ID: its supervisor's.
func (p *Proc) PID() int { return p.pid }

// DevicesSettled tells the keeper that the modules and devices steps are done.
// A keeper that has already ended (after a fatal message) cannot hear it:
// that is no error here, AwaitReady then reads what it said before it went,
// which is what a person at the console needs, not a broken pipe.
func (p *Proc) DevicesSettled() error {
	if err := p.send(message{DevicesSettled: true}); err != nil && !gone(err) {
		return err
	}
	return nil
}

// send writes m whole before another message.
func (p *Proc) send(m message) error {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	return send(p.conn, m)
}

// gone reports whether err says the other end of the connection has closed.
func gone(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// AwaitReady reads the keeper's steps, handing each to onStep, until it says
// the network is up; onAwaitingDevices runs when the keeper says its link
// waits for the devices. When the keeper says the network cannot come up
// without a fix, the error matches bootlog.ErrPermanent.
func (p *Proc) AwaitReady(onStep func(bootlog.Step), onAwaitingDevices func()) (netboot.State, error) {
	for {
		m, err := receive(p.dec)
		if gone(err) {
			return netboot.State{}, fmt.Errorf("keeper (pid %d) ended before the network was up: what it printed is above", p.pid)
		}
		if err != nil {
			return netboot.State{}, fmt.Errorf("keeper (pid %d) stopped before the network was up: %w", p.pid, err)
		}
		if m.Step != nil {
			onStep(*m.Step)
		}
		if m.AwaitingDevices {
			onAwaitingDevices()
		}
		if m.Ready != nil {
			return *m.Ready, nil
		}
		if m.Fatal != "" {
			return netboot.State{}, bootlog.Permanent(errors.New(m.Fatal))
		}
	}
}

// Switching tells the keeper where the new root is, just before the switch,
// and waits until it says it holds it open, for at most switchAckTimeout.
// An error means the keeper may not follow PID 1 into the new root; the
// switch should go on all the same.
func (p *Proc) Switching(dir string) error {
	if err := p.send(message{Switching: dir}); err != nil {
		return fmt.Errorf("tell the keeper (pid %d) the new root is %s: %w", p.pid, dir, err)
	}
	ack := make(chan error, 1)
	go func() { ack <- p.awaitHolding(dir) }()
	select {
	case err := <-ack:
		return err
	case <-time.After(p.ackTimeout):
		return fmt.Errorf("keeper (pid %d) did not say within %v that it holds %s", p.pid, p.ackTimeout, dir)
	}
}

// awaitHolding reads until the keeper says it holds dir, or cannot.
func (p *Proc) awaitHolding(dir string) error {
	for {
		m, err := receive(p.dec)
		if err != nil {
			return fmt.Errorf("keeper (pid %d) stopped before it held %s: %w", p.pid, dir, err)
		}
		if m.Fatal != "" {
			return fmt.Errorf("keeper (pid %d) cannot hold %s: %s", p.pid, dir, m.Fatal)
		}
		if m.Holding == dir {
			return nil
		}
	}
}

// Close gives up on the keeper: it sees EOF.
func (p *Proc) Close() error { return p.conn.Close() }

// pid1 is the keeper's end.
type pid1 struct{ conn io.ReadWriteCloser }

// step tells PID 1 that a step (or a mark) of the timeline finished.
func (c pid1) step(st bootlog.Step) error { return send(c.conn, message{Step: &st}) }

// awaitingDevices tells PID 1 that the link waits for its devices.
func (c pid1) awaitingDevices() error { return send(c.conn, message{AwaitingDevices: true}) }

// ready tells PID 1 that the network is up.
func (c pid1) ready(s netboot.State) error { return send(c.conn, message{Ready: &s}) }

// fatal tells PID 1 that the network cannot come up without a fix.
func (c pid1) fatal(err error) error { return send(c.conn, message{Fatal: err.Error()}) }

// listen reads what PID 1 says until it goes away (EOF once it has exec'd
// the new init): settled when its devices have settled, switching with the
// new root's directory, which must hold it open before listen tells PID 1
// so (or tells it why not).
func (c pid1) listen(settled func(), switching func(dir string) error) {
	dec := json.NewDecoder(c.conn)
	for {
		m, err := receive(dec)
		if err != nil {
			return
		}
		if m.DevicesSettled {
			settled()
		}
		if m.Switching != "" {
			ack := message{Holding: m.Switching}
			if err := switching(m.Switching); err != nil {
				ack = message{Fatal: err.Error()}
			}
			_ = send(c.conn, ack) // PID 1 goes on without it after a while
		}
	}
}
