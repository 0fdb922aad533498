package eaptls

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"

	"github.com/airroot/airroot/netboot/eap"
)

// Exporter labels of the MSK: RFC 5216 2.3 for EAP-TLS, which PEAPv0
// without crypto binding shares (MS-PEAP 3.1.5.7), and RFC 5281 8 for TTLS.
const (
	labelTLS  = "client EAP encryption"
	labelTTLS = "ttls keying material"
	mskLen    = 64
)

// phase2 is what runs inside the tunnel of PEAP and TTLS.
type phase2 interface {
	// start returns what to send as soon as the handshake completes
	// (TTLS speaks first), nil when the server speaks first (PEAP).
	start(export exporter) ([]byte, error)
	// receive handles decrypted data from the server; id is the outer
	// Request's Identifier.
	receive(app []byte, id uint8) ([]byte, error)
	// done reports that the inner authentication succeeded.
	done() bool
	// reason says why the server refused us, if known.
	reason() error
}

type exporter func(label string, n int) ([]byte, error)

// session is one run of a TLS-based method. The zero value is not usable;
// the constructors in methods.go fill it.
type session struct {
	typ       eap.Type
	label     string
	cfg       *tls.Config
	inner     phase2 // nil for EAP-TLS
	frag      fragmenter
	tun       *tunnel
	handshook bool
	msk       []byte
}

func (s *session) Type() eap.Type { return s.typ }

// MSK is the exported key material once the handshake, and the inner
// method if any, succeeded.
func (s *session) MSK() []byte { return s.msk }

// Reason is the inner method's reason for a refusal.
func (s *session) Reason() error {
	if s.inner == nil {
		return nil
	}
	return s.inner.reason()
}

// Close stops the TLS goroutine.
func (s *session) Close() error {
	if s.tun != nil {
		s.tun.close()
	}
	return nil
}

var _ io.Closer = (*session)(nil)

// Process handles one Request of the method.
func (s *session) Process(req *eap.Packet) ([]byte, error) {
	msg, start, reply, err := s.frag.input(req.Data)
	if err != nil || reply != nil {
		return reply, err
	}
	switch {
	case start && s.tun != nil:
		return nil, fmt.Errorf("second start in one run: %w", eap.ErrProtocol)
	case start:
		// RFC 5281 9.1, MS-PEAP 2.2.1: answer with the highest version
		// both speak; airroot speaks version 0 of PEAP and TTLS.
		s.tun = startTunnel(func(c net.Conn) *tls.Conn { return tls.Client(c, s.cfg) })
		msg = nil
	case s.tun == nil:
		return nil, fmt.Errorf("TLS data before the server's start: %w", eap.ErrProtocol)
	case len(msg) == 0:
		return s.frag.output(nil), nil // nothing for TLS: acknowledge
	}
	if err := s.run(msg, req.ID); err != nil {
		return nil, err
	}
	return s.frag.output(s.tun.take()), nil
}

// run passes the server's message through TLS and the inner method.
func (s *session) run(msg []byte, id uint8) error {
	app, handshook, err := s.tun.step(msg)
	if err != nil {
		return fmt.Errorf("TLS: %w", err)
	}
	if handshook {
		s.handshook = true
		if err := s.started(); err != nil {
			return err
		}
	}
	for _, a := range app {
		if s.inner == nil {
			return fmt.Errorf("application data in EAP-TLS: %w", eap.ErrProtocol)
		}
		out, err := s.inner.receive(a, id)
		if err != nil {
			return err
		}
		if err := s.write(out); err != nil {
			return err
		}
	}
	if s.msk == nil && s.handshook && (s.inner == nil || s.inner.done()) {
		if s.msk, err = s.export(s.label, mskLen); err != nil {
			return err
		}
	}
	return nil
}

func (s *session) started() error {
	if s.inner == nil {
		return nil
	}
	out, err := s.inner.start(s.export)
	if err != nil {
		return err
	}
	return s.write(out)
}

func (s *session) write(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if err := s.tun.write(b); err != nil {
		return fmt.Errorf("TLS write: %w", err)
	}
	return nil
}

// export is the TLS keying material exporter (RFC 5705) with no context,
// which for TLS 1.2 is the TLS-PRF of RFC 5216 2.3 and RFC 5281 8 over
// the master secret and both randoms.
func (s *session) export(label string, n int) ([]byte, error) {
	cs := s.tun.conn.ConnectionState()
	k, err := cs.ExportKeyingMaterial(label, nil, n)
	if err != nil {
		return nil, fmt.Errorf("export %q: %w", label, err)
	}
	return k, nil
}
