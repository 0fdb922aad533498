package nl80211

import (
	"bytes"
	"fmt"
)

// Element is one information element: ID, then up to 255 bytes.
type Element struct {
	ID   byte
	Data []byte
}

// Elements splits a list of information elements (IEEE 802.11-2016
// 9.4.2). A truncated last element is an error; the elements before it are
// returned with it.
func Elements(ies []byte) ([]Element, error) {
	var out []Element
	for len(ies) > 0 {
		if len(ies) < 2 || len(ies) < 2+int(ies[1]) {
			return out, fmt.Errorf("parse information elements: element %d truncated (%d bytes left): %w", ies[0], len(ies), ErrMalformed)
		}
		n := 2 + int(ies[1])
		out = append(out, Element{ID: ies[0], Data: ies[2:n:n]})
		ies = ies[n:]
	}
	return out, nil
}

// FindElement returns the first element with the given ID, ID and length
// included, or nil if there is none before the list ends or is cut short.
func FindElement(ies []byte, id byte) []byte {
	for len(ies) >= 2 {
		n := 2 + int(ies[1])
		if n > len(ies) {
			return nil
		}
		if ies[0] == id {
			return ies[:n:n]
		}
		ies = ies[n:]
	}
	return nil
}

// wpaOUIType is the vendor element prefix of the pre-RSN WPA element
// (Microsoft OUI 00:50:f2, type 1).
var wpaOUIType = []byte{0x00, 0x50, 0xf2, 0x01}

// HasWPA1 reports whether the elements include a WPA (version 1)
// vendor element.
func HasWPA1(ies []byte) bool {
	for len(ies) >= 2 {
		n := 2 + int(ies[1])
		if n > len(ies) {
			return false
		}
		if ies[0] == ElementVendor && bytes.HasPrefix(ies[2:n], wpaOUIType) {
			return true
		}
		ies = ies[n:]
	}
	return false
}
