package nl80211

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
)

// FuzzParseEvent checks that ParseEvent never panics, fails only with
// ErrMalformed, and that what it parses encodes back to the same event.
func FuzzParseEvent(f *testing.F) {
	ap := []byte{2, 0, 0, 0, 0, 1}
	for _, ev := range []Event{
		&ConnectEvent{Ifindex: 3, BSSID: ap, Status: 1, TimedOut: true},
		&DisconnectEvent{Ifindex: 3, Reason: 15, ByAP: true},
		&DeauthEvent{Ifindex: 3, Source: ap, BSSID: ap, Reason: 2},
		&PortAuthorizedEvent{Ifindex: 3, BSSID: ap},
		&ScanDoneEvent{Ifindex: 3, Aborted: true},
		&RegChangeEvent{Alpha2: "DE", Wiphy: 0},
		&ControlPortFrame{Ifindex: 3, Source: ap, Proto: 0x888e, Frame: []byte{2, 3, 0, 0}},
		&ExternalAuthEvent{Ifindex: 3, BSSID: ap, SSID: "home", AKM: 0x000fac08},
	} {
		cmd, attrs := encodeEvent(f, ev)
		f.Add(cmd, attrs)
	}
	f.Fuzz(func(t *testing.T, cmd uint8, attrs []byte) {
		ev, err := ParseEvent(cmd, attrs)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if ev == nil {
			return
		}
		cmd2, attrs2 := encodeEvent(t, ev)
		again, err := ParseEvent(cmd2, attrs2)
		if err != nil {
			t.Fatalf("ParseEvent(encode(%#v)): %v", ev, err)
		}
		if diff := cmp.Diff(ev, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}

// FuzzParseBSS checks that ParseBSS (and ParseScanResult) never panics, fails only with
// ErrMalformed, returns a 6-byte BSSID, an RSN element that is a complete
// element taken from IEs, an SSID of at most 32 bytes, and that the
// result encodes back to itself.
func FuzzParseBSS(f *testing.F) {
	ap := testMAC(f, "02:00:00:00:00:01")
	f.Add(encodeBSS(f, &BSS{BSSID: ap, Frequency: 2412, Signal: -4500, Capability: 0x11, IEs: ies([]byte{0, 4, 'h', 'o', 'm', 'e'}, rsnePSK)}))
	f.Add(encodeBSS(f, &BSS{BSSID: ap, Frequency: 5180, Associated: true, IEs: []byte{0, 3, 0, 0, 0}}))
	f.Fuzz(func(t *testing.T, attrs []byte) {
		if _, err := ParseScanResult(attrs); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("ParseScanResult error %v does not wrap ErrMalformed", err)
		}
		b, err := ParseBSS(attrs)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(b.BSSID) != 6 || len(b.SSID) > 32 {
			t.Fatalf("BSSID %x, SSID of %d bytes", b.BSSID, len(b.SSID))
		}
		if b.RSNE != nil && (b.RSNE[0] != ElementRSN || len(b.RSNE) != 2+int(b.RSNE[1]) || !bytes.Contains(b.IEs, b.RSNE)) {
			t.Fatalf("RSN element %x is not a complete element of %x", b.RSNE, b.IEs)
		}
		again, err := ParseBSS(encodeBSS(t, b))
		if err != nil {
			t.Fatalf("ParseBSS(encode(%v)): %v", b, err)
		}
		if diff := cmp.Diff(b, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}

// FuzzElements checks that Elements, FindElement and HasWPA1 never panic
// and agree: the elements joined back give the input up to the error.
func FuzzElements(f *testing.F) {
	f.Add(ies([]byte{0, 4, 'h', 'o', 'm', 'e'}, rsnePSK))
	f.Add([]byte{221, 6, 0x00, 0x50, 0xf2, 0x01, 1, 0, 48})
	f.Fuzz(func(t *testing.T, b []byte) {
		elems, err := Elements(b)
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("error %v does not wrap ErrMalformed", err)
		}
		var joined []byte
		for _, e := range elems {
			joined = append(joined, e.ID, byte(len(e.Data)))
			joined = append(joined, e.Data...)
		}
		if !bytes.HasPrefix(b, joined) || (err == nil && len(joined) != len(b)) {
			t.Fatalf("elements %x do not rebuild %x", joined, b)
		}
		for _, e := range elems {
			if found := FindElement(b, e.ID); found == nil || found[0] != e.ID {
				t.Fatalf("FindElement(%d) = %x, but Elements found it", e.ID, found)
			}
		}
		HasWPA1(b)
	})
}

// FuzzParseWiphy checks that the wiphy and interface parsers never panic,
// fail only with ErrMalformed and accept only 6-byte hardware addresses.
func FuzzParseWiphy(f *testing.F) {
	f.Add([]byte{8, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 0, 'p', 'h', 'y', '0', 0, 0, 0, 0})
	f.Add(bandsSeed(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, err := range []error{parseWiphyErr(b), parseInterfaceErr(b)} {
			if err != nil && !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
		}
	})
}

func parseWiphyErr(b []byte) error {
	w, err := ParseWiphy(b)
	if err == nil {
		w.Has(ExtFeatureControlPortOverNL80211)
		if len(w.Channels) > maxChannelsPerWiphy {
			return fmt.Errorf("ParseWiphy kept %d channels, more than %d", len(w.Channels), maxChannelsPerWiphy)
		}
		for _, c := range w.Channels {
			if c.Freq <= 0 {
				return fmt.Errorf("ParseWiphy kept a channel at %d MHz", c.Freq)
			}
		}
	}
	return err
}

// bandsSeed is a wiphy message with one band of two channels, one of
// them passive.
func bandsSeed(f *testing.F) []byte {
	ae := netlink.NewAttributeEncoder()
	ae.Uint32(attrWiphy, 0)
	ae.Nested(attrWiphyBands, func(bands *netlink.AttributeEncoder) error {
		bands.Nested(0, func(band *netlink.AttributeEncoder) error {
			band.Nested(bandAttrFreqs, func(freqs *netlink.AttributeEncoder) error {
				freqs.Nested(0, func(ch *netlink.AttributeEncoder) error {
					ch.Uint32(frequencyAttrFreq, 2412)
					return nil
				})
				freqs.Nested(1, func(ch *netlink.AttributeEncoder) error {
					ch.Uint32(frequencyAttrFreq, 2467)
					ch.Flag(frequencyAttrNoIR, true)
					return nil
				})
				return nil
			})
			return nil
		})
		return nil
	})
	b, err := ae.Encode()
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func parseInterfaceErr(b []byte) error {
	ifi, err := ParseInterface(b)
	if err == nil && ifi.MAC != nil && len(ifi.MAC) != 6 {
		return fmt.Errorf("ParseInterface accepted a hardware address of %d bytes", len(ifi.MAC))
	}
	return err
}
