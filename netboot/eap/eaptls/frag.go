package eaptls

import (
	"encoding/binary"
	"fmt"

	"github.com/airroot/airroot/netboot/eap"
)

// Flags of the EAP-TLS header (RFC 5216 3.1); PEAP and TTLS (RFC 5281
// 9.1) keep the low three bits for their version.
const (
	flagLength  = 0x80 // a 4-byte TLS Message Length follows
	flagMore    = 0x40 // more fragments follow
	flagStart   = 0x20 // the server starts the method
	versionMask = 0x07
)

// Limits of the fragmentation layer.
const (
	// fragmentSize is the TLS data we put in one EAP Response: with the
	// EAP, EAPOL and 802.11 headers it stays under 1500 bytes, as
	// wpa_supplicant's default fragment_size of 1398 does.
	fragmentSize = 1300
	// maxMessage bounds a reassembled TLS message (a certificate chain):
	// a server that announces more is refused rather than buffered.
	maxMessage = 256 << 10
)

// fragmenter reassembles the server's TLS messages and fragments ours
// (RFC 5216 2.1.5): a fragment with the M flag is acknowledged with an
// empty Response; each of our fragments after the first waits for the
// server's empty Request.
type fragmenter struct {
	version byte   // PEAP/TTLS version bits in our Responses
	in      []byte // fragments received so far
	want    int    // TLS Message Length announced by the first fragment, -1 if none
	out     []byte // our message's fragments not yet sent
}

// input takes a Request's Type-Data. It returns either the reply to send
// at once (an ACK, or our next fragment) or a complete message; start
// reports the S flag.
func (f *fragmenter) input(d []byte) (msg []byte, start bool, reply []byte, err error) {
	if len(d) < 1 {
		return nil, false, nil, fmt.Errorf("parse TLS fragment: no flags: %w", eap.ErrMalformed)
	}
	flags, data := d[0], d[1:]
	if len(f.out) > 0 {
		// RFC 5216 2.1.5: the server acknowledges each of our fragments
		// with an EAP-Request carrying no data.
		if len(data) != 0 || flags&^versionMask != 0 {
			return nil, false, nil, fmt.Errorf("TLS fragment while the server owes us an acknowledgement: %w", eap.ErrProtocol)
		}
		return nil, false, f.next(), nil
	}
	if flags&flagLength != 0 {
		if len(data) < 4 {
			return nil, false, nil, fmt.Errorf("parse TLS fragment: L flag without length: %w", eap.ErrMalformed)
		}
		n := int(binary.BigEndian.Uint32(data))
		data = data[4:]
		if len(f.in) == 0 {
			f.want = n
		}
	} else if len(f.in) == 0 {
		f.want = -1
	}
	if f.want > maxMessage || len(f.in)+len(data) > maxMessage {
		return nil, false, nil, fmt.Errorf("TLS message of over %d bytes: %w", maxMessage, eap.ErrMalformed)
	}
	f.in = append(f.in, data...)
	if flags&flagMore != 0 {
		return nil, false, []byte{f.version}, nil
	}
	msg, f.in = f.in, nil
	if f.want >= 0 && len(msg) != f.want {
		return nil, false, nil, fmt.Errorf("TLS message of %d bytes, its first fragment announced %d: %w", len(msg), f.want, eap.ErrMalformed)
	}
	return msg, flags&flagStart != 0, nil, nil
}

// output returns the Type-Data of the first Response carrying msg; the
// rest follows as the server acknowledges. An empty msg is an ACK.
func (f *fragmenter) output(msg []byte) []byte {
	if len(msg) <= fragmentSize {
		return append([]byte{f.version}, msg...)
	}
	// RFC 5216 2.1.5: the first fragment has the L flag and the length of
	// the whole message.
	first := binary.BigEndian.AppendUint32([]byte{f.version | flagLength | flagMore}, uint32(len(msg)))
	first = append(first, msg[:fragmentSize]...)
	f.out = msg[fragmentSize:]
	return first
}

// next returns our next fragment.
func (f *fragmenter) next() []byte {
	n := min(len(f.out), fragmentSize)
	flags := f.version
	if n < len(f.out) {
		flags |= flagMore
	}
	d := append([]byte{flags}, f.out[:n]...)
	f.out = f.out[n:]
	return d
}
