package wpa

import (
	"encoding/binary"
	"fmt"
)

// KDE data types with the IEEE OUI 00-0F-AC (802.11-2016 Table 12-6).
const (
	KDEGTK   = 1
	KDEMAC   = 3
	KDEPMKID = 4
	KDEIGTK  = 9
)

const elementVendor = 0xdd

var ieeeOUI = [3]byte{0x00, 0x0f, 0xac}

// GTK is a group temporal key from a GTK KDE.
type GTK struct {
	KeyID int  // 0..3; access points use 1 and 2
	Tx    bool // the authenticator also transmits with this key
	Key   []byte
}

// IGTK is an integrity group temporal key (802.11w) from an IGTK KDE.
type IGTK struct {
	KeyID int     // 4 or 5
	IPN   [6]byte // receive sequence counter, little endian
	Key   []byte
}

// KeyData is the decrypted Key Data field of an EAPOL-Key frame: elements
// and KDEs (802.11-2016 12.7.2). Unknown elements and KDEs are skipped.
type KeyData struct {
	RSNEs [][]byte  // complete RSN elements, in order
	RSNXE []byte    // the RSN Extension element (message 3), nil if absent
	PMKID *[16]byte // PMKID KDE (message 1)
	GTK   *GTK
	IGTK  *IGTK
}

// ParseKeyData parses decrypted key data. A 0xdd byte followed by 0x00 (or
// by nothing) starts the padding and ends the data.
func ParseKeyData(b []byte) (*KeyData, error) {
	kd := &KeyData{}
	for len(b) > 0 {
		if b[0] == elementVendor && (len(b) == 1 || b[1] == 0) {
			break
		}
		if len(b) < 2 || 2+int(b[1]) > len(b) {
			return nil, fmt.Errorf("parse key data: element %d truncated: %w", b[0], ErrMalformed)
		}
		elem := b[:2+int(b[1])]
		b = b[len(elem):]
		if err := kd.add(elem); err != nil {
			return nil, fmt.Errorf("parse key data: %w", err)
		}
	}
	return kd, nil
}

func (kd *KeyData) add(elem []byte) error {
	switch {
	case elem[0] == ElementRSN:
		kd.RSNEs = append(kd.RSNEs, append([]byte(nil), elem...))
	case elem[0] == ElementRSNX:
		if kd.RSNXE != nil {
			return fmt.Errorf("two RSN Extension elements: %w", ErrMalformed)
		}
		kd.RSNXE = append([]byte(nil), elem...)
	case elem[0] == elementVendor && len(elem) >= 6 && [3]byte(elem[2:5]) == ieeeOUI:
		return kd.addKDE(elem[5], elem[6:])
	}
	return nil
}

func (kd *KeyData) addKDE(kind byte, data []byte) error {
	switch kind {
	case KDEGTK:
		if kd.GTK != nil {
			return fmt.Errorf("two GTK KDEs: %w", ErrMalformed)
		}
		if len(data) < 2+1 || len(data) > 2+32 {
			return fmt.Errorf("GTK KDE with a %d-byte key: %w", len(data)-2, ErrMalformed)
		}
		kd.GTK = &GTK{KeyID: int(data[0] & 3), Tx: data[0]&4 != 0, Key: append([]byte(nil), data[2:]...)}
	case KDEIGTK:
		if kd.IGTK != nil {
			return fmt.Errorf("two IGTK KDEs: %w", ErrMalformed)
		}
		if len(data) != 8+16 && len(data) != 8+32 {
			return fmt.Errorf("IGTK KDE of %d bytes: %w", len(data), ErrMalformed)
		}
		kd.IGTK = &IGTK{KeyID: int(binary.LittleEndian.Uint16(data)), IPN: [6]byte(data[2:8]), Key: append([]byte(nil), data[8:]...)}
	case KDEPMKID:
		if len(data) != 16 {
			return fmt.Errorf("PMKID KDE of %d bytes: %w", len(data), ErrMalformed)
		}
		id := [16]byte(data)
		kd.PMKID = &id
	}
	return nil
}

// MarshalBinary encodes the key data (RSN elements, RSN Extension
// element, PMKID, GTK and IGTK KDEs, in that order) without padding.
func (kd *KeyData) MarshalBinary() ([]byte, error) {
	var b []byte
	for _, e := range kd.RSNEs {
		b = append(b, e...)
	}
	b = append(b, kd.RSNXE...)
	if kd.PMKID != nil {
		b = appendKDE(b, KDEPMKID, kd.PMKID[:])
	}
	if g := kd.GTK; g != nil {
		if len(g.Key) < 1 || len(g.Key) > 32 || g.KeyID < 0 || g.KeyID > 3 {
			return nil, fmt.Errorf("marshal GTK KDE: key ID %d, %d-byte key: %w", g.KeyID, len(g.Key), ErrMalformed)
		}
		flags := byte(g.KeyID)
		if g.Tx {
			flags |= 4
		}
		b = appendKDE(b, KDEGTK, append([]byte{flags, 0}, g.Key...))
	}
	if g := kd.IGTK; g != nil {
		if len(g.Key) != 16 && len(g.Key) != 32 || g.KeyID < 0 || g.KeyID > 0xffff {
			return nil, fmt.Errorf("marshal IGTK KDE: key ID %d, %d-byte key: %w", g.KeyID, len(g.Key), ErrMalformed)
		}
		data := binary.LittleEndian.AppendUint16(nil, uint16(g.KeyID))
		data = append(append(data, g.IPN[:]...), g.Key...)
		b = appendKDE(b, KDEIGTK, data)
	}
	return b, nil
}

func appendKDE(b []byte, kind byte, data []byte) []byte {
	b = append(b, elementVendor, byte(4+len(data)))
	b = append(b, ieeeOUI[:]...)
	b = append(b, kind)
	return append(b, data...)
}

// PadKeyData pads key data for AES key wrap as 802.11-2016 12.7.2 says:
// when it is shorter than 16 bytes or not a multiple of 8, append 0xdd and
// then zeros up to the next multiple of 8 (at least 16).
func PadKeyData(b []byte) []byte {
	if len(b) >= 16 && len(b)%8 == 0 {
		return b
	}
	n := max(16, (len(b)+1+7)/8*8)
	out := make([]byte, n)
	copy(out, b)
	out[len(b)] = elementVendor
	return out
}
