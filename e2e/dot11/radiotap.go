package dot11

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The radiotap fields this package reads: their bit in the presence bitmap, size and
// alignment (radiotap.org, "Defined fields").
const (
	radiotapTSFT  = 0 // u64, aligned to 8
	radiotapFlags = 1 // u8
	// radiotapExt in a presence word says another presence word follows.
	radiotapExt = 31
	// flagFCS in the Flags field says the frame ends with its 4-byte FCS.
	flagFCS = 0x10
	// radiotapMinLen is a header with one presence word and no field.
	radiotapMinLen = 8
)

// errShort is what a parser returns for a buffer that ends too soon.
var errShort = errors.New("truncated")

// WithRadiotap puts the smallest radiotap header (version 0, no field) before frame, as
// mac80211 wants for a frame injected on a monitor interface: it transmits the frame
// as it is, at the rate and power it chooses.
func WithRadiotap(frame []byte) []byte {
	b := make([]byte, radiotapMinLen, radiotapMinLen+len(frame))
	binary.LittleEndian.PutUint16(b[2:], radiotapMinLen)
	return append(b, frame...)
}

// StripRadiotap returns the 802.11 frame inside a captured radiotap packet, without
// its FCS when the Flags field says one is there.
func StripRadiotap(b []byte) ([]byte, error) {
	if len(b) < radiotapMinLen {
		return nil, fmt.Errorf("parse radiotap header: %w", errShort)
	}
	if b[0] != 0 {
		return nil, fmt.Errorf("parse radiotap header: version %d, want 0", b[0])
	}
	n := int(binary.LittleEndian.Uint16(b[2:]))
	if n < radiotapMinLen || n > len(b) {
		return nil, fmt.Errorf("parse radiotap header: length %d in a %d-byte packet", n, len(b))
	}
	frame := b[n:]
	flags, ok := radiotapFlagsField(b[:n])
	if ok && flags&flagFCS != 0 {
		if len(frame) < 4 {
			return nil, fmt.Errorf("parse radiotap packet: FCS: %w", errShort)
		}
		frame = frame[:len(frame)-4]
	}
	return frame, nil
}

// radiotapFlagsField finds the Flags field in hdr (the whole radiotap header): after
// the presence words, and after TSFT (aligned to 8 from the header's start) if present.
func radiotapFlagsField(hdr []byte) (byte, bool) {
	off := 4
	var first uint32
	for i := 0; ; i++ {
		if off+4 > len(hdr) {
			return 0, false
		}
		word := binary.LittleEndian.Uint32(hdr[off:])
		if i == 0 {
			first = word
		}
		off += 4
		if word&(1<<radiotapExt) == 0 {
			break
		}
	}
	if first&(1<<radiotapFlags) == 0 {
		return 0, false
	}
	if first&(1<<radiotapTSFT) != 0 {
		off = (off+7)&^7 + 8
	}
	if off >= len(hdr) {
		return 0, false
	}
	return hdr[off], true
}
