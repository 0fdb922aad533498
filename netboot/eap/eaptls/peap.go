package eaptls

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/airroot/airroot/netboot/eap"
	"github.com/airroot/airroot/netboot/eap/mschapv2"
)

// TLVs of PEAP's EAP-TLV method (MS-PEAP 2.2.8).
const (
	tlvMandatory    = 0x8000
	tlvTypeMask     = 0x3fff
	tlvResult       = 3
	resultSuccess   = 1
	resultFailure   = 2
	tlvHeaderLength = 4
)

// peapInner is PEAPv0's phase 2: EAP-MSCHAPv2 whose packets travel
// without their EAP header (MS-PEAP 3.1.5.6), then the EAP-TLV Result
// exchange, which keeps its header.
type peapInner struct {
	peer   *eap.Peer
	method *mschapv2.Method // the current inner run, nil before one starts
	result bool             // the server reported success and we agreed
}

func newPEAPInner(in Inner, rand io.Reader) *peapInner {
	p := &peapInner{}
	p.peer = &eap.Peer{Identity: in.Identity, Methods: []eap.MethodSpec{{
		Type: eap.TypeMSCHAPv2,
		New: func() eap.Method {
			p.method = &mschapv2.Method{Identity: in.Identity, Hash: in.Hash, Rand: rand}
			return p.method
		},
	}}}
	return p
}

func (p *peapInner) start(exporter) ([]byte, error) { return nil, nil }

func (p *peapInner) done() bool { return p.result }

func (p *peapInner) reason() error {
	if p.method == nil {
		return nil
	}
	return p.method.Reason()
}

func (p *peapInner) receive(app []byte, id uint8) ([]byte, error) {
	if pkt, ok := fullHeader(app); ok {
		if pkt.Code != eap.CodeRequest {
			// An inner EAP-Success or Failure: the outer one decides.
			return nil, nil
		}
		return p.tlv(pkt)
	}
	// Put back the header PEAPv0 leaves out, with the outer Identifier.
	b := make([]byte, 4, 4+len(app))
	b[0], b[1] = byte(eap.CodeRequest), id
	binary.BigEndian.PutUint16(b[2:], uint16(4+len(app)))
	resp, _, err := p.peer.Receive(append(b, app...))
	if err != nil {
		return nil, fmt.Errorf("PEAP phase 2: %w", err)
	}
	return resp[4:], nil
}

// fullHeader recognises the packets PEAPv0 sends with their EAP header:
// EAP-TLV Requests and 4-byte Success and Failure packets.
func fullHeader(b []byte) (*eap.Packet, bool) {
	if len(b) < 4 || int(binary.BigEndian.Uint16(b[2:4])) != len(b) {
		return nil, false
	}
	pkt, err := eap.Parse(b)
	if err != nil {
		return nil, false
	}
	switch {
	case pkt.Code == eap.CodeRequest && pkt.Type == eap.TypeTLV:
	case (pkt.Code == eap.CodeSuccess || pkt.Code == eap.CodeFailure) && len(b) == 4:
	default:
		return nil, false
	}
	return pkt, true
}

// tlv answers the server's Result TLV: success only when the server says
// so and MSCHAPv2 proved the server knows the password.
func (p *peapInner) tlv(req *eap.Packet) ([]byte, error) {
	status, err := parseResult(req.Data)
	if err != nil {
		return nil, err
	}
	ours := uint16(resultFailure)
	if status == resultSuccess && p.method != nil && p.method.MSK() != nil {
		ours, p.result = resultSuccess, true
	}
	data := binary.BigEndian.AppendUint16(nil, tlvMandatory|tlvResult)
	data = binary.BigEndian.AppendUint16(data, 2)
	data = binary.BigEndian.AppendUint16(data, ours)
	return (&eap.Packet{Code: eap.CodeResponse, ID: req.ID, Type: eap.TypeTLV, Data: data}).MarshalBinary()
}

// parseResult finds the Result TLV among the TLVs of an EAP-TLV Request;
// others (crypto binding, which PEAPv0 makes optional) are skipped.
func parseResult(d []byte) (uint16, error) {
	for len(d) >= tlvHeaderLength {
		typ := binary.BigEndian.Uint16(d) & tlvTypeMask
		n := int(binary.BigEndian.Uint16(d[2:]))
		if n > len(d)-tlvHeaderLength {
			break
		}
		if typ == tlvResult && n == 2 {
			return binary.BigEndian.Uint16(d[tlvHeaderLength:]), nil
		}
		d = d[tlvHeaderLength+n:]
	}
	return 0, fmt.Errorf("PEAP EAP-TLV request without a Result TLV: %w", eap.ErrMalformed)
}
