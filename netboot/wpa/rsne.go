package wpa

import (
	"encoding/binary"
	"fmt"
)

// Element IDs of the RSN element and the RSN Extension element
// (802.11-2020 9.4.2.24 and 9.4.2.241).
const (
	ElementRSN  = 48
	ElementRSNX = 244
)

// RSNCapabilities is the RSN Capabilities field (802.11-2016 Figure 9-257).
type RSNCapabilities uint16

// RSN capability bits.
const (
	RSNCapPreauth      RSNCapabilities = 1 << 0
	RSNCapNoPairwise   RSNCapabilities = 1 << 1
	RSNCapMFPR         RSNCapabilities = 1 << 6 // management frame protection required
	RSNCapMFPC         RSNCapabilities = 1 << 7 // management frame protection capable
	RSNCapPeerKey      RSNCapabilities = 1 << 9
	RSNCapExtKeyID     RSNCapabilities = 1 << 13
	RSNCapOCVC         RSNCapabilities = 1 << 14
	rsnCapPTKSAReplays RSNCapabilities = 3 << 2
	rsnCapGTKSAReplays RSNCapabilities = 3 << 4
)

// RSNE is a parsed RSN element (802.11-2016 9.4.2.25). Parsing fills in the
// defaults of fields the element leaves out, so an element truncated after
// the version means CCMP group and pairwise ciphers and 802.1X AKM.
type RSNE struct {
	Version         uint16
	GroupCipher     Suite
	PairwiseCiphers []Suite
	AKMs            []Suite
	Capabilities    RSNCapabilities
	PMKIDs          [][16]byte
	GroupMgmtCipher Suite // 0 when absent (BIP-CMAC-128 if MFP is used)
}

// ParseRSNE parses a complete RSN element: ID 48, length, body. Bytes after
// the last field the element defines are ignored, as hostapd does.
func ParseRSNE(ie []byte) (*RSNE, error) {
	if len(ie) < 2 || ie[0] != ElementRSN {
		return nil, fmt.Errorf("parse RSN element: not an RSN element (ID 48): %w", ErrMalformed)
	}
	if int(ie[1]) != len(ie)-2 {
		return nil, fmt.Errorf("parse RSN element: length field %d but %d bytes follow: %w", ie[1], len(ie)-2, ErrMalformed)
	}
	r := &rsneReader{b: ie[2:]}
	e := &RSNE{GroupCipher: CipherCCMP, PairwiseCiphers: []Suite{CipherCCMP}, AKMs: []Suite{AKM8021X}}
	e.Version = r.u16("version")
	if r.err == nil && e.Version != 1 {
		return nil, fmt.Errorf("parse RSN element: version %d (want 1): %w", e.Version, ErrUnsupported)
	}
	if r.more() {
		e.GroupCipher = r.suite("group cipher")
	}
	if r.more() {
		e.PairwiseCiphers = r.suites("pairwise cipher")
	}
	if r.more() {
		e.AKMs = r.suites("AKM")
	}
	if r.more() {
		e.Capabilities = RSNCapabilities(r.u16("RSN capabilities"))
	}
	if r.more() {
		e.PMKIDs = r.pmkids()
	}
	if r.more() {
		e.GroupMgmtCipher = r.suite("group management cipher")
	}
	if r.err != nil {
		return nil, fmt.Errorf("parse RSN element: %w", r.err)
	}
	return e, nil
}

// MarshalBinary encodes the element with its ID and length. It always
// writes the fields up to RSN Capabilities; the PMKID list and the group
// management cipher only when set.
func (e *RSNE) MarshalBinary() ([]byte, error) {
	b := []byte{ElementRSN, 0}
	b = binary.LittleEndian.AppendUint16(b, e.Version)
	b = appendSuite(b, e.GroupCipher)
	for _, list := range [][]Suite{e.PairwiseCiphers, e.AKMs} {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(list)))
		for _, s := range list {
			b = appendSuite(b, s)
		}
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(e.Capabilities))
	if len(e.PMKIDs) > 0 || e.GroupMgmtCipher != 0 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(e.PMKIDs)))
		for _, id := range e.PMKIDs {
			b = append(b, id[:]...)
		}
	}
	if e.GroupMgmtCipher != 0 {
		b = appendSuite(b, e.GroupMgmtCipher)
	}
	if len(b)-2 > 255 {
		return nil, fmt.Errorf("marshal RSN element: %d bytes, more than 255: %w", len(b)-2, ErrMalformed)
	}
	b[1] = byte(len(b) - 2)
	return b, nil
}

// MFPCapable reports whether the element advertises management frame
// protection (MFPC).
func (e *RSNE) MFPCapable() bool { return e.Capabilities&RSNCapMFPC != 0 }

// MFPRequired reports whether the element demands management frame
// protection (MFPR).
func (e *RSNE) MFPRequired() bool { return e.Capabilities&RSNCapMFPR != 0 }

// MgmtGroupCipher is the group management cipher (BIP) the element
// selects when management frame protection is in use: its Group
// Management Cipher Suite field, or BIP-CMAC-128 when the field is absent
// (802.11-2020 9.4.2.24.1). It is 0 when the element does not set MFPC.
// A caller checks that its radio supports this cipher (nl80211 wiphy
// cipher list) before it negotiates management frame protection.
func (e *RSNE) MgmtGroupCipher() Suite {
	switch {
	case !e.MFPCapable():
		return 0
	case e.GroupMgmtCipher == 0:
		return CipherBIPCMAC128
	}
	return e.GroupMgmtCipher
}

// FindRSNE returns the RSN element (ID and length included) from a list of
// information elements, such as a beacon's or probe response's body after
// the fixed fields; nil if there is none or the list is truncated before it.
func FindRSNE(ies []byte) []byte {
	for len(ies) >= 2 {
		n := 2 + int(ies[1])
		if n > len(ies) {
			return nil
		}
		if ies[0] == ElementRSN {
			return ies[:n:n]
		}
		ies = ies[n:]
	}
	return nil
}

func appendSuite(b []byte, s Suite) []byte { return binary.BigEndian.AppendUint32(b, uint32(s)) }

// rsneReader reads little-endian fields and keeps the first error.
type rsneReader struct {
	b   []byte
	err error
}

func (r *rsneReader) more() bool { return r.err == nil && len(r.b) > 0 }

func (r *rsneReader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < n {
		r.err = fmt.Errorf("%s truncated (%d of %d bytes): %w", what, len(r.b), n, ErrMalformed)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *rsneReader) u16(what string) uint16 {
	if v := r.take(2, what); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (r *rsneReader) suite(what string) Suite {
	if v := r.take(4, what); v != nil {
		return Suite(binary.BigEndian.Uint32(v))
	}
	return 0
}

func (r *rsneReader) suites(what string) []Suite {
	n := int(r.u16(what + " count"))
	v := r.take(4*n, what+" list")
	if v == nil {
		return nil
	}
	list := make([]Suite, n)
	for i := range list {
		list[i] = Suite(binary.BigEndian.Uint32(v[4*i:]))
	}
	return list
}

func (r *rsneReader) pmkids() [][16]byte {
	n := int(r.u16("PMKID count"))
	v := r.take(16*n, "PMKID list")
	if v == nil || n == 0 {
		return nil
	}
	ids := make([][16]byte, n)
	for i := range ids {
		copy(ids[i][:], v[16*i:])
	}
	return ids
}
