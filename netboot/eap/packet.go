package eap

import (
	"encoding/binary"
	"fmt"
)

// Code is the EAP packet code (RFC 3748 4).
type Code uint8

// EAP codes.
const (
	CodeRequest  Code = 1
	CodeResponse Code = 2
	CodeSuccess  Code = 3
	CodeFailure  Code = 4
)

func (c Code) String() string {
	switch c {
	case CodeRequest:
		return "Request"
	case CodeResponse:
		return "Response"
	case CodeSuccess:
		return "Success"
	case CodeFailure:
		return "Failure"
	}
	return fmt.Sprintf("Code(%d)", uint8(c))
}

// Type is the EAP method type of a Request or Response (RFC 3748 5, and the
// IANA registry for the methods after 6).
type Type uint8

// EAP types airroot knows.
const (
	TypeIdentity     Type = 1
	TypeNotification Type = 2
	TypeNak          Type = 3 // legacy Nak, response only
	TypeTLS          Type = 13
	TypeTTLS         Type = 21
	TypePEAP         Type = 25
	TypeMSCHAPv2     Type = 26
	TypeTLV          Type = 33 // Microsoft's PEAP extensions (result, crypto binding)
	TypeExpanded     Type = 254
)

var typeNames = map[Type]string{
	TypeIdentity: "Identity", TypeNotification: "Notification", TypeNak: "Nak",
	TypeTLS: "TLS", TypeTTLS: "TTLS", TypePEAP: "PEAP", TypeMSCHAPv2: "MSCHAPv2",
	TypeTLV: "TLV", TypeExpanded: "Expanded",
}

func (t Type) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// headerLen is Code, Identifier and Length (RFC 3748 4).
const headerLen = 4

// Packet is one EAP packet. Success and Failure carry no Type or Data.
type Packet struct {
	Code Code
	ID   uint8
	Type Type   // Request and Response only
	Data []byte // Type-Data
}

// Parse parses an EAP packet. Bytes after Length are padding of the lower
// layer and are ignored (RFC 3748 4.1); a Length beyond the buffer, or a
// Request or Response without a Type, is malformed.
func Parse(b []byte) (*Packet, error) {
	if len(b) < headerLen {
		return nil, fmt.Errorf("parse EAP packet: %d bytes, shorter than the 4-byte header: %w", len(b), ErrMalformed)
	}
	n := int(binary.BigEndian.Uint16(b[2:4]))
	if n < headerLen || n > len(b) {
		return nil, fmt.Errorf("parse EAP packet: length %d with %d bytes: %w", n, len(b), ErrMalformed)
	}
	p := &Packet{Code: Code(b[0]), ID: b[1]}
	switch p.Code {
	case CodeSuccess, CodeFailure:
		return p, nil
	case CodeRequest, CodeResponse:
	default:
		return nil, fmt.Errorf("parse EAP packet: %v: %w", p.Code, ErrMalformed)
	}
	if n < headerLen+1 {
		return nil, fmt.Errorf("parse EAP %v %d: no type: %w", p.Code, p.ID, ErrMalformed)
	}
	p.Type = Type(b[4])
	p.Data = append([]byte(nil), b[headerLen+1:n]...)
	return p, nil
}

// MarshalBinary encodes the packet.
func (p *Packet) MarshalBinary() ([]byte, error) {
	if p.Code == CodeSuccess || p.Code == CodeFailure {
		return []byte{byte(p.Code), p.ID, 0, headerLen}, nil
	}
	n := headerLen + 1 + len(p.Data)
	if n > 0xffff {
		return nil, fmt.Errorf("marshal EAP %v %v: %d bytes, at most 65535 fit: %w", p.Code, p.Type, n, ErrMalformed)
	}
	b := make([]byte, n)
	b[0], b[1] = byte(p.Code), p.ID
	binary.BigEndian.PutUint16(b[2:4], uint16(n))
	b[4] = byte(p.Type)
	copy(b[5:], p.Data)
	return b, nil
}

func (p *Packet) String() string {
	if p.Code == CodeSuccess || p.Code == CodeFailure {
		return fmt.Sprintf("EAP-%v id %d", p.Code, p.ID)
	}
	return fmt.Sprintf("EAP-%v/%v id %d (%d bytes)", p.Code, p.Type, p.ID, len(p.Data))
}
