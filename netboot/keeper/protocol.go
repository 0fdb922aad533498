package keeper

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"syscall"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot"
)

// The protocol between PID 1 and the keeper: the whole of it is in this file.
//
// PID 1 starts the keeper (Start) with its end of a socket pair as fd 3;
// PID 1's end is close-on-exec. Each side writes one JSON message a line:
//
//	keeper → PID 1  {"step":{...}}            a step (or mark) of the timeline finished
//	PID 1 → keeper  {"devices_settled":true}  modules and devices are done
//	keeper → PID 1  {"ready":{...}}           the network is up: netboot.State
//	keeper → PID 1  {"fatal":"..."}           the network cannot come up without a fix
//	PID 1 → keeper  {"switching":"/newroot"}  the new root, just before switch_root
//
// then PID 1 execs the new init, and the keeper sees EOF.

// Name is the keeper's argv[0]. systemd spares processes whose argv[0]
// starts with '@' at switch-root and shutdown.
const Name = "@airroot"

// controlFD is the keeper's end of the socket pair to PID 1.
const controlFD = 3

// message is one line between PID 1 and the keeper; exactly one field is set.
type message struct {
	Step      *bootlog.Step  `json:"step,omitempty"`      // keeper → PID 1: a step finished
	Ready     *netboot.State `json:"ready,omitempty"`     // keeper → PID 1: the network is up
	Fatal     string         `json:"fatal,omitempty"`     // keeper → PID 1: the network cannot come up without a fix
	Switching string         `json:"switching,omitempty"` // PID 1 → keeper: the new root's directory, just before switch_root
	// DevicesSettled (PID 1 → keeper): the modules and devices steps are
	// done, so a missing interface will not come by itself any more.
	DevicesSettled bool `json:"devices_settled,omitempty"`
}

// send writes one message.
func send(w io.Writer, m message) error { return writeJSON(w, m) }

// receive reads the next message.
func receive(d *json.Decoder) (message, error) {
	var m message
	if err := d.Decode(&m); err != nil {
		return m, err
	}
	if m.Step == nil && m.Ready == nil && m.Fatal == "" && m.Switching == "" && !m.DevicesSettled {
		return m, fmt.Errorf("keeper: empty message")
	}
	return m, nil
}

// Proc is PID 1's end: its handle on a keeper it started.
type Proc struct {
	pid  int
	conn io.ReadWriteCloser
	dec  *json.Decoder
}

func newProc(pid int, conn io.ReadWriteCloser) *Proc {
	return &Proc{pid: pid, conn: conn, dec: json.NewDecoder(conn)}
}

// DevicesSettled tells the keeper that the modules and devices steps are done.
// A keeper that has already ended (after a fatal message) cannot hear it:
// that is no error here, AwaitReady then reads what it said before it went,
// which is what a person at the console needs, not a broken pipe.
func (p *Proc) DevicesSettled() error {
	if err := send(p.conn, message{DevicesSettled: true}); err != nil && !gone(err) {
		return err
	}
	return nil
}

// gone reports whether err says the other end of the connection has closed.
func gone(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// AwaitReady reads the keeper's steps, handing each to onStep, until it says
// the network is up. When the keeper says the network cannot come up
// without a fix, the error matches bootlog.ErrPermanent.
func (p *Proc) AwaitReady(onStep func(bootlog.Step)) (netboot.State, error) {
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
		if m.Ready != nil {
			return *m.Ready, nil
		}
		if m.Fatal != "" {
			return netboot.State{}, bootlog.Permanent(errors.New(m.Fatal))
		}
	}
}

// Switching tells the keeper where the new root is, just before the switch.
func (p *Proc) Switching(dir string) error {
	return send(p.conn, message{Switching: dir})
}

// Close gives up on the keeper: it sees EOF.
func (p *Proc) Close() error { return p.conn.Close() }

// pid1 is the keeper's end.
type pid1 struct{ conn io.ReadWriteCloser }

// step tells PID 1 that a step (or a mark) of the timeline finished.
func (c pid1) step(st bootlog.Step) error { return send(c.conn, message{Step: &st}) }

// ready tells PID 1 that the network is up.
func (c pid1) ready(s netboot.State) error { return send(c.conn, message{Ready: &s}) }

// fatal tells PID 1 that the network cannot come up without a fix.
func (c pid1) fatal(err error) error { return send(c.conn, message{Fatal: err.Error()}) }

// listen reads what PID 1 says until it goes away (EOF once it has exec'd
// the new init): settled when its devices have settled, switching with the
// new root's directory.
func (c pid1) listen(settled func(), switching func(dir string)) {
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
			switching(m.Switching)
		}
	}
}
