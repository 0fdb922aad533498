package eap

import (
	"bytes"
	"fmt"
	"io"
)

// Method is the peer side of one EAP authentication method.
type Method interface {
	// Type is the EAP type whose Requests the method answers.
	Type() Type
	// Process handles a Request of the method's type and returns the
	// Type-Data of the Response.
	Process(req *Packet) ([]byte, error)
	// MSK returns the key material the method derived once it has
	// finished successfully, nil before. An inner method that derives
	// no keys returns an empty, non-nil slice when done.
	MSK() []byte
}

// Reasoner is a Method that can say why the server is about to refuse us,
// e.g. MSCHAPv2's "E=691" (wrong password). The peer wraps the reason into
// the error it returns on EAP-Failure.
type Reasoner interface {
	Reason() error
}

// MethodSpec offers one method: its type and how to start a fresh run.
type MethodSpec struct {
	Type Type
	New  func() Method
}

// Peer answers an authenticator's EAP Requests (RFC 3748 section 2: the
// authenticator leads, the peer only responds). It does no I/O; the zero
// value with Identity and Methods set is ready.
type Peer struct {
	Identity string       // sent in the Identity Response
	Methods  []MethodSpec // in order of preference, for the Nak
	// Notify, when set, receives the text of EAP-Notification Requests
	// (RFC 3748 5.2: displayable messages for the user).
	Notify func(text string)

	method   Method
	lastReq  []byte // the last Request answered, for retransmission detection
	lastResp []byte
	msk      []byte
}

// Receive handles one EAP packet from the authenticator and returns the
// Response to send, if any. done reports EAP-Success after a finished
// method; the MSK is then available. EAP-Failure is an error wrapping
// ErrFailure.
func (p *Peer) Receive(b []byte) (resp []byte, done bool, err error) {
	pkt, err := Parse(b)
	if err != nil {
		return nil, false, err
	}
	switch pkt.Code {
	case CodeSuccess:
		err := p.success()
		return nil, err == nil, err
	case CodeFailure:
		return nil, false, p.failure()
	case CodeResponse:
		return nil, false, fmt.Errorf("receive %v: a peer takes no responses: %w", pkt, ErrProtocol)
	}
	// RFC 3748 4.1 and 5: a Request with the Identifier of the one just
	// answered is a retransmission (our Response was lost); send the same
	// Response again without processing it twice. The bytes are compared
	// too, so an authenticator that restarts its Identifiers is served.
	n := headerLen + 1 + len(pkt.Data)
	if p.lastResp != nil && bytes.Equal(b[:n], p.lastReq) {
		return p.lastResp, false, nil
	}
	data, typ, err := p.request(pkt)
	if err != nil {
		return nil, false, err
	}
	out, err := (&Packet{Code: CodeResponse, ID: pkt.ID, Type: typ, Data: data}).MarshalBinary()
	if err != nil {
		return nil, false, err
	}
	p.lastReq, p.lastResp = append([]byte(nil), b[:n]...), out
	return out, false, nil
}

// MSK returns the Master Session Key after a successful authentication.
func (p *Peer) MSK() []byte { return p.msk }

// Close ends the current method, if any, releasing what it holds (the TLS
// methods run a goroutine).
func (p *Peer) Close() error {
	m := p.method
	p.method = nil
	if c, ok := m.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// request answers a Request and returns the Response's Type-Data and Type.
func (p *Peer) request(req *Packet) ([]byte, Type, error) {
	switch req.Type {
	case TypeIdentity:
		// An Identity Request starts a new conversation (also the
		// re-authentication an authenticator asks for while associated).
		p.Close()
		p.msk = nil
		return []byte(p.Identity), TypeIdentity, nil
	case TypeNotification:
		if p.Notify != nil {
			p.Notify(string(req.Data))
		}
		return nil, TypeNotification, nil // RFC 3748 5.2: an empty Response
	}
	if p.method == nil || p.method.Type() != req.Type {
		spec, ok := p.spec(req.Type)
		if !ok {
			return p.nak(), TypeNak, nil
		}
		p.Close()
		p.method = spec.New()
	}
	data, err := p.method.Process(req)
	if err != nil {
		p.Close()
		return nil, 0, fmt.Errorf("EAP-%v: %w", req.Type, err)
	}
	return data, req.Type, nil
}

func (p *Peer) spec(t Type) (MethodSpec, bool) {
	for _, s := range p.Methods {
		if s.Type == t {
			return s, true
		}
	}
	return MethodSpec{}, false
}

// nak lists the methods we would accept (RFC 3748 5.3.1); a single zero
// byte means none.
func (p *Peer) nak() []byte {
	var types []byte
	for _, s := range p.Methods {
		types = append(types, byte(s.Type))
	}
	if len(types) == 0 {
		return []byte{0}
	}
	return types
}

// success accepts EAP-Success only after the method finished: a Success
// before that (RFC 3748 7.2.1 lists it as an attack on the peer) would let
// anyone on the air skip the server's authentication.
func (p *Peer) success() error {
	if p.method == nil || p.method.MSK() == nil {
		return fmt.Errorf("EAP-Success before any method finished: %w", ErrProtocol)
	}
	p.msk = p.method.MSK()
	p.lastReq, p.lastResp = nil, nil
	return p.Close()
}

func (p *Peer) failure() error {
	var reason error
	if r, ok := p.method.(Reasoner); ok {
		reason = r.Reason()
	}
	method := "before any method"
	if p.method != nil {
		method = "in EAP-" + p.method.Type().String()
	}
	p.Close()
	p.lastReq, p.lastResp = nil, nil
	if reason != nil {
		return fmt.Errorf("EAP-Failure %s: %w: %w", method, ErrFailure, reason)
	}
	return fmt.Errorf("EAP-Failure %s: %w", method, ErrFailure)
}
