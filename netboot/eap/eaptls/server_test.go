package eaptls

import (
	"bytes"
	"crypto/tls"
	"encoding/binary"
	"net"
	"testing"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/mschapv2"
)

// testServer is an EAP authenticator written for these tests from the
// specifications: crypto/tls's server side in the tunnel, PEAPv0 and TTLS
// phase 2 on the server's side. It speaks PEAP version 1 in its Start so
// that the peer's downgrade to version 0 is exercised.
type testServer struct {
	t        *testing.T
	typ      eap.Type
	cfg      *tls.Config
	user     string // inner identity expected
	password string
	id       uint8
	frag     fragmenter
	tun      *tunnel
	state    int
	auth     [16]byte
	msk      []byte // the server's MSK after it sent Success
}

const (
	stateTunnel = iota
	stateIdentity
	stateChallenge
	stateSuccessAck
	stateFailureAck
	stateResult
	stateFinal // next ACK ends with Success
	stateFailed
)

func (s *testServer) request(d []byte) []byte {
	s.id++
	b, err := (&eap.Packet{Code: eap.CodeRequest, ID: s.id, Type: s.typ, Data: d}).MarshalBinary()
	if err != nil {
		s.t.Fatal(err)
	}
	return b
}

func (s *testServer) identityRequest() []byte {
	b, _ := (&eap.Packet{Code: eap.CodeRequest, ID: s.id, Type: eap.TypeIdentity}).MarshalBinary()
	return b
}

func (s *testServer) end(c eap.Code) []byte {
	if c == eap.CodeSuccess {
		cs := s.tun.conn.ConnectionState()
		label := "client EAP encryption"
		if s.typ == eap.TypeTTLS {
			label = "ttls keying material"
		}
		var err error
		if s.msk, err = cs.ExportKeyingMaterial(label, nil, 64); err != nil {
			s.t.Fatal(err)
		}
	}
	s.tun.close()
	return []byte{byte(c), s.id, 0, 4}
}

// handle takes the peer's Response and returns the next packet.
func (s *testServer) handle(resp []byte) []byte {
	pkt, err := eap.Parse(resp)
	if err != nil || pkt.Code != eap.CodeResponse {
		s.t.Fatalf("server: bad response %x: %v", resp, err)
	}
	if pkt.Type == eap.TypeIdentity {
		s.tun = startTunnel(func(c net.Conn) *tls.Conn { return tls.Server(c, s.cfg) })
		if _, _, err := s.tun.step(nil); err != nil {
			s.t.Fatal(err)
		}
		start := byte(flagStart)
		if s.typ == eap.TypePEAP {
			start |= 1
		}
		return s.request([]byte{start})
	}
	if pkt.Type != s.typ {
		s.t.Fatalf("server: response of type %v, want %v", pkt.Type, s.typ)
	}
	if v := pkt.Data[0] & versionMask; v != 0 {
		s.t.Fatalf("server: peer answered with version %d, want 0", v)
	}
	msg, _, reply, err := s.frag.input(pkt.Data)
	if err != nil {
		s.t.Fatalf("server: %v", err)
	}
	if reply != nil {
		return s.request(reply)
	}
	if len(msg) == 0 {
		return s.ack()
	}
	app, _, err := s.tun.step(msg)
	if err != nil {
		return s.end(eap.CodeFailure) // the peer gave up on TLS
	}
	for _, a := range app {
		if final := s.inner(a); final != 0 {
			return s.end(final)
		}
	}
	return s.request(s.frag.output(s.tun.take()))
}

// ack answers the peer's empty Response after our last message.
func (s *testServer) ack() []byte {
	switch {
	case s.state == stateFinal || s.typ == eap.TypeTLS:
		return s.end(eap.CodeSuccess)
	case s.state == stateFailed:
		return s.end(eap.CodeFailure)
	case s.typ == eap.TypePEAP && s.state == stateTunnel:
		s.state = stateIdentity
		s.write([]byte{byte(eap.TypeIdentity)}) // headerless (MS-PEAP)
		return s.request(s.frag.output(s.tun.take()))
	}
	s.t.Fatalf("server: unexpected ACK in state %d", s.state)
	return nil
}

func (s *testServer) write(b []byte) {
	if err := s.tun.write(b); err != nil {
		s.t.Fatal(err)
	}
}

func (s *testServer) inner(app []byte) eap.Code {
	if s.typ == eap.TypeTTLS {
		return s.ttls(app)
	}
	return s.peap(app)
}

func (s *testServer) peap(app []byte) eap.Code {
	switch s.state {
	case stateIdentity:
		if !bytes.Equal(app, append([]byte{byte(eap.TypeIdentity)}, s.user...)) {
			s.t.Fatalf("server: inner identity %q", app)
		}
		copy(s.auth[:], "authenticator!!!")
		s.write(msData(opChallenge, append(append([]byte{16}, s.auth[:]...), "srv"...)))
		s.state = stateChallenge
	case stateChallenge:
		s.write(s.checkResponse(app))
	case stateSuccessAck, stateFailureAck:
		result := byte(resultSuccess)
		if s.state == stateFailureAck {
			result = resultFailure
		}
		s.id++
		tlv := []byte{byte(eap.CodeRequest), s.id, 0, 11, byte(eap.TypeTLV), 0x80, 3, 0, 2, 0, result}
		s.write(tlv)
		s.state = stateResult
	case stateResult:
		if bytes.Equal(app[4:], []byte{byte(eap.TypeTLV), 0x80, 3, 0, 2, 0, resultSuccess}) {
			return eap.CodeSuccess
		}
		return eap.CodeFailure
	}
	return 0
}

const (
	opChallenge = 1
	opSuccess   = 3
	opFailure   = 4
)

// msData is a headerless EAP-MSCHAPv2 request with MS-CHAPv2-ID 5.
func msData(op byte, rest []byte) []byte {
	d := append([]byte{byte(eap.TypeMSCHAPv2), op, 5, 0, 0}, rest...)
	binary.BigEndian.PutUint16(d[3:5], uint16(len(d)-1))
	return d
}

// checkResponse verifies the peer's MSCHAPv2 Response with the server's
// copy of the password and answers Success or Failure (RFC 2759 5, 6).
func (s *testServer) checkResponse(app []byte) []byte {
	if len(app) < 55 || app[0] != byte(eap.TypeMSCHAPv2) || app[1] != 2 || app[2] != 5 {
		s.t.Fatalf("server: not an MSCHAPv2 response: %x", app)
	}
	peer, nt, name := [16]byte(app[6:22]), [24]byte(app[30:54]), string(app[55:])
	h := mschapv2.NTPasswordHash(s.password)
	if nt != mschapv2.NTResponse(s.auth, peer, mschapv2.UserName(name), h) {
		s.state = stateFailureAck
		return msData(opFailure, []byte("E=691 R=0 C=00000000000000000000000000000000 V=3 M=bad password"))
	}
	s.state = stateSuccessAck
	return msData(opSuccess, []byte(mschapv2.AuthenticatorResponse(h, nt, peer, s.auth, mschapv2.UserName(name))+" M=ok"))
}

func (s *testServer) ttls(app []byte) eap.Code {
	avps, err := parseAVPs(app)
	if err != nil || len(avps) < 2 || string(avps[0].data) != s.user {
		s.t.Fatalf("server: TTLS AVPs %x: %v", app, err)
	}
	if avps[1].code == attrUserPassword && avps[1].vendor == 0 {
		if len(avps[1].data)%16 != 0 || string(bytes.TrimRight(avps[1].data, "\x00")) != s.password {
			return eap.CodeFailure
		}
		return eap.CodeSuccess
	}
	cs := s.tun.conn.ConnectionState()
	c, err := cs.ExportKeyingMaterial("ttls challenge", nil, 17)
	if err != nil || !bytes.Equal(avps[1].data, c[:16]) || len(avps) != 3 || avps[2].data[0] != c[16] {
		s.t.Fatalf("server: MS-CHAP-Challenge %x does not match the keying material %x", avps[1].data, c)
	}
	resp := avps[2].data
	peer, nt := [16]byte(resp[2:18]), [24]byte(resp[26:50])
	h := mschapv2.NTPasswordHash(s.password)
	user := mschapv2.UserName(s.user)
	if nt != mschapv2.NTResponse([16]byte(c), peer, user, h) {
		s.state = stateFailed
		s.write(appendAVP(nil, avp{code: attrMSCHAPError, vendor: vendorMicrosoft, data: append([]byte{c[16]}, "E=691 R=0 V=3"...)}))
		return 0
	}
	s.state = stateFinal
	ok := mschapv2.AuthenticatorResponse(h, nt, peer, [16]byte(c), user)
	s.write(appendAVP(nil, avp{code: attrMSCHAP2Succ, vendor: vendorMicrosoft, data: append([]byte{c[16]}, ok...)}))
	return 0
}
