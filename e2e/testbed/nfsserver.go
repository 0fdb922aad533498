package testbed

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	nfs "github.com/willscott/go-nfs"
)

// NFSServer serves one host folder over NFSv3 on 127.0.0.1, MOUNT and NFS on one TCP
// port, which the guest reaches as 10.0.2.2 through slirp.
type NFSServer struct {
	handler *pathHandler
	port    int
	mu      sync.Mutex // guards ln and served, which Restart replaces
	ln      *trackingListener
	served  chan error
	stopped bool
}

// StartNFSServer serves root as the path export ("/", "/srv/board") on a free
// loopback port until Stop.
func StartNFSServer(root, export string) (*NFSServer, error) {
	s := &NFSServer{handler: newPathHandler(osfs.New(root, osfs.WithBoundOS()), export)}
	if err := s.listen("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start nfs server for %s: %w", root, err)
	}
	s.port = s.ln.Addr().(*net.TCPAddr).Port
	return s, nil
}

// listen serves on addr with s's handler.
func (s *NFSServer) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = &trackingListener{Listener: l, conns: map[net.Conn]struct{}{}}
	s.served = make(chan error, 1)
	go func(ln *trackingListener, served chan<- error) { served <- nfs.Serve(ln, s.handler) }(s.ln, s.served)
	return nil
}

// Port is the TCP port the server listens on.
func (s *NFSServer) Port() int { return s.port }

// Stop closes the listener and every client connection and waits for the server to end.
func (s *NFSServer) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	s.stopped = true
	if s.ln == nil {
		return nil // down in a restart
	}
	return s.halt()
}

// halt ends the current listener and its connections: the clients' next packets
// are refused, as from a server whose process died.
func (s *NFSServer) halt() error {
	err := s.ln.Close()
	<-s.served
	s.ln.closeConns()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("stop nfs server on port %d: %w", s.port, err)
	}
	return nil
}

// Restart stops the server as Stop does, waits down and serves again on the same
// port, export and file handles, as a server restarted over the same disk does: a
// real server's handles name the file's inode, which outlives the process; go-nfs's
// are numbers in its handler, so the handler is the one thing kept.
func (s *NFSServer) Restart(down time.Duration) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return fmt.Errorf("restart nfs server on port %d: it was stopped", s.port)
	}
	err := s.halt()
	s.ln = nil
	s.mu.Unlock()
	if err != nil {
		return err
	}
	time.Sleep(down)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return fmt.Errorf("restart nfs server on port %d: stopped while down", s.port)
	}
	if err := s.listen("127.0.0.1:" + strconv.Itoa(s.port)); err != nil {
		s.stopped = true
		return fmt.Errorf("restart nfs server on port %d: %w", s.port, err)
	}
	return nil
}

// trackingListener remembers accepted connections so Stop can close them: go-nfs
// serves each connection until the client hangs up.
type trackingListener struct {
	net.Listener
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		c.Close()
		return nil, net.ErrClosed
	}
	tc := &trackedConn{Conn: c, l: l}
	l.conns[tc] = struct{}{}
	return tc, nil
}

func (l *trackingListener) forget(c net.Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.conns, c)
}

func (l *trackingListener) closeConns() {
	l.mu.Lock()
	l.closed = true
	conns := l.conns
	l.conns = map[net.Conn]struct{}{}
	l.mu.Unlock()
	for c := range conns {
		c.Close()
	}
}

type trackedConn struct {
	net.Conn
	l *trackingListener
}

func (c *trackedConn) Close() error {
	c.l.forget(c)
	return c.Conn.Close()
}

// ClosedPort returns a loopback TCP port that was free a moment ago: where no NFS
// server listens.
func ClosedPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
