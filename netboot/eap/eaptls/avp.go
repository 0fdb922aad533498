package eaptls

import (
	"encoding/binary"
	"fmt"

	"github.com/airroot/airroot/netboot/eap"
)

// AVP flags and the attributes TTLS carries (RFC 5281 10, RFC 2865,
// RFC 2548 for Microsoft's vendor 311).
const (
	avpVendor    = 0x80
	avpMandatory = 0x40

	vendorMicrosoft = 311

	attrUserName     = 1
	attrUserPassword = 2
	attrMSCHAPError  = 2  // vendor 311
	attrMSCHAPChall  = 11 // vendor 311
	attrMSCHAP2Resp  = 25 // vendor 311
	attrMSCHAP2Succ  = 26 // vendor 311
)

// avp is one Diameter AVP as TTLS encodes it (RFC 5281 10.1).
type avp struct {
	code   uint32
	vendor uint32 // 0: none
	data   []byte
}

// appendAVP encodes a mandatory AVP, padded to 4 bytes (RFC 5281 10.2).
func appendAVP(b []byte, a avp) []byte {
	flags, hdr := byte(avpMandatory), 8
	if a.vendor != 0 {
		flags, hdr = flags|avpVendor, 12
	}
	n := hdr + len(a.data)
	b = binary.BigEndian.AppendUint32(b, a.code)
	b = binary.BigEndian.AppendUint32(b, uint32(flags)<<24|uint32(n))
	if a.vendor != 0 {
		b = binary.BigEndian.AppendUint32(b, a.vendor)
	}
	b = append(b, a.data...)
	for n%4 != 0 {
		b, n = append(b, 0), n+1
	}
	return b
}

// parseAVPs splits decrypted TTLS data into AVPs.
func parseAVPs(d []byte) ([]avp, error) {
	var out []avp
	for len(d) > 0 {
		if len(d) < 8 {
			return nil, fmt.Errorf("parse TTLS AVP: %d bytes left, shorter than a header: %w", len(d), eap.ErrMalformed)
		}
		a := avp{code: binary.BigEndian.Uint32(d)}
		flags, n := d[4], int(binary.BigEndian.Uint32(d[4:])&0xffffff)
		hdr := 8
		if flags&avpVendor != 0 {
			hdr = 12
		}
		if n < hdr || n > len(d) {
			return nil, fmt.Errorf("parse TTLS AVP %d: length %d with %d bytes: %w", a.code, n, len(d), eap.ErrMalformed)
		}
		if hdr == 12 {
			a.vendor = binary.BigEndian.Uint32(d[8:])
		}
		a.data = d[hdr:n]
		out = append(out, a)
		d = d[min(len(d), (n+3)&^3):]
	}
	return out, nil
}
