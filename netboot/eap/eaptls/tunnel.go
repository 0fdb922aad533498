package eaptls

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"time"
)

// tunnel runs a crypto/tls connection in a goroutine over pipe, an
// in-memory net.Conn. EAP is lock-step: the server sends one TLS message
// per exchange and waits for ours. So when TLS wants to read and nothing is
// buffered, what it wrote is our whole message: pipe reports that moment
// as an idle event and step returns.
type tunnel struct {
	conn   *tls.Conn
	p      *pipe
	exited chan struct{} // closed when run returns
}

type event struct {
	app       []byte // decrypted application data
	handshook bool   // the handshake has just completed
	idle      bool   // TLS waits for the server's next message
	err       error
}

// startTunnel starts TLS; newConn is tls.Client (tls.Server in tests).
func startTunnel(newConn func(net.Conn) *tls.Conn) *tunnel {
	p := &pipe{in: make(chan []byte), events: make(chan event), done: make(chan struct{})}
	t := &tunnel{conn: newConn(p), p: p, exited: make(chan struct{})}
	go t.run()
	return t
}

func (t *tunnel) run() {
	defer close(t.exited)
	if err := t.conn.Handshake(); err != nil {
		t.p.emit(event{err: err})
		return
	}
	if !t.p.emit(event{handshook: true}) {
		return
	}
	buf := make([]byte, 1<<16)
	for {
		n, err := t.conn.Read(buf)
		if n > 0 && !t.p.emit(event{app: append([]byte(nil), buf[:n]...)}) {
			return
		}
		if err != nil {
			t.p.emit(event{err: err})
			return
		}
	}
}

// step hands TLS one message from the server (nil for none) and waits
// until TLS wants the next one. It returns the application data that
// arrived and whether the handshake completed on the way.
func (t *tunnel) step(msg []byte) (app [][]byte, handshook bool, err error) {
	if msg != nil {
		select {
		case t.p.in <- msg:
		case <-t.exited:
			return nil, false, io.ErrClosedPipe
		}
	}
	for {
		select {
		case ev := <-t.p.events:
			switch {
			case ev.err != nil:
				return app, handshook, ev.err
			case ev.idle:
				return app, handshook, nil
			case ev.handshook:
				handshook = true
			default:
				app = append(app, ev.app)
			}
		case <-t.exited:
			return app, handshook, io.ErrClosedPipe
		}
	}
}

// write encrypts application data; the records join our next message.
func (t *tunnel) write(b []byte) error {
	_, err := t.conn.Write(b)
	return err
}

// take returns and forgets what TLS wrote since the last take.
func (t *tunnel) take() []byte { return t.p.take() }

// close stops the goroutine.
func (t *tunnel) close() {
	t.p.closeOnce.Do(func() { close(t.p.done) })
	<-t.exited
}

// pipe is the net.Conn under the TLS connection.
type pipe struct {
	in        chan []byte
	events    chan event
	done      chan struct{}
	closeOnce sync.Once
	pending   []byte // the server's message, not yet read by TLS

	mu  sync.Mutex
	out []byte
}

// emit passes an event to step; false means the tunnel is closing.
func (p *pipe) emit(ev event) bool {
	select {
	case p.events <- ev:
		return true
	case <-p.done:
		return false
	}
}

func (p *pipe) Read(b []byte) (int, error) {
	if len(p.pending) == 0 {
		if !p.emit(event{idle: true}) {
			return 0, io.EOF
		}
		select {
		case p.pending = <-p.in:
		case <-p.done:
			return 0, io.EOF
		}
	}
	n := copy(b, p.pending)
	p.pending = p.pending[n:]
	return n, nil
}

func (p *pipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out = append(p.out, b...)
	return len(b), nil
}

func (p *pipe) take() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.out
	p.out = nil
	return out
}

func (p *pipe) Close() error {
	p.closeOnce.Do(func() { close(p.done) })
	return nil
}

// The rest of net.Conn: EAP has no addresses, and its timeouts are the
// authenticator's retransmissions, not deadlines on this pipe.
func (p *pipe) LocalAddr() net.Addr              { return eapAddr{} }
func (p *pipe) RemoteAddr() net.Addr             { return eapAddr{} }
func (p *pipe) SetDeadline(time.Time) error      { return errNoDeadline }
func (p *pipe) SetReadDeadline(time.Time) error  { return errNoDeadline }
func (p *pipe) SetWriteDeadline(time.Time) error { return errNoDeadline }

var errNoDeadline = errors.New("EAP tunnel: deadlines are not supported")

type eapAddr struct{}

func (eapAddr) Network() string { return "eap" }
func (eapAddr) String() string  { return "eap" }
