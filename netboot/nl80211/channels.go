package nl80211

import (
	"encoding/binary"
	"fmt"

	"github.com/mdlayher/netlink"
)

// Channel is one frequency a wiphy can tune to, with what the regulatory
// domain allows there.
type Channel struct {
	Freq     int  // MHz
	Disabled bool // not usable in this regulatory domain
	NoIR     bool // no initiating radiation: listen only, so scanned passively
	Radar    bool // DFS: radar detection required
}

// Active reports whether a scan probes on the channel: enabled, not
// listen-only and not a radar (DFS) channel. Such channels are scanned in a
// few tens of milliseconds; a passive one costs a beacon interval or more.
// A radar channel is only listened on even where the domain sets no NO_IR
// on it (with country=GB or DE the 5260-5320 and 5500-5700 MHz channels
// carry RADAR alone): a station may not transmit first on a channel that
// needs DFS, so mac80211 (ieee80211_scan_get_channel_time) and
// mac80211_hwsim scan NO_IR and RADAR channels alike, passively.
func (c Channel) Active() bool { return !c.Disabled && !c.NoIR && !c.Radar }

// SplitChannels returns the frequencies of the enabled channels a scan
// probes on (see Channel.Active) and of those it only listens on.
func SplitChannels(chs []Channel) (active, passive []int) {
	for _, c := range chs {
		switch {
		case c.Active():
			active = append(active, c.Freq)
		case !c.Disabled:
			passive = append(passive, c.Freq)
		}
	}
	return active, passive
}

// Band, frequency and channel attributes (enum nl80211_band_attr,
// enum nl80211_frequency_attr).
const (
	attrWiphyBands      = 22
	bandAttrFreqs       = 1
	frequencyAttrFreq   = 1
	frequencyAttrOff    = 2
	frequencyAttrNoIR   = 3
	frequencyAttrRadar  = 5
	maxChannelsPerWiphy = 1024 // more is a malformed message, not a radio
)

// parseBands decodes NL80211_ATTR_WIPHY_BANDS: band → freqs → channel.
// A split dump spreads the channels over several messages; each call
// returns the ones in this message.
func parseBands(b []byte) ([]Channel, error) {
	var out []Channel
	err := forEachNested(b, func(band []byte) error {
		return forEachAttr(band, func(typ uint16, freqs []byte) error {
			if typ != bandAttrFreqs {
				return nil
			}
			return forEachNested(freqs, func(ch []byte) error {
				c, err := parseChannel(ch)
				if err == nil && c.Freq > 0 && len(out) < maxChannelsPerWiphy {
					out = append(out, c)
				}
				return err
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("parse wiphy bands: %v: %w", err, ErrMalformed)
	}
	return out, nil
}

func parseChannel(b []byte) (Channel, error) {
	var c Channel
	err := forEachAttr(b, func(typ uint16, v []byte) error {
		switch typ {
		case frequencyAttrFreq:
			if len(v) != 4 {
				return fmt.Errorf("frequency attribute of %d bytes", len(v))
			}
			c.Freq = int(binary.NativeEndian.Uint32(v))
		case frequencyAttrOff:
			c.Disabled = true
		case frequencyAttrNoIR:
			c.NoIR = true
		case frequencyAttrRadar:
			c.Radar = true
		}
		return nil
	})
	return c, err
}

// forEachNested calls fn with the payload of each attribute in b.
func forEachNested(b []byte, fn func([]byte) error) error {
	return forEachAttr(b, func(_ uint16, v []byte) error { return fn(v) })
}

// forEachAttr calls fn with each attribute in b.
func forEachAttr(b []byte, fn func(typ uint16, v []byte) error) error {
	attrs, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		return err
	}
	for _, a := range attrs {
		if err := fn(a.Type&^netlink.Nested, a.Data); err != nil {
			return err
		}
	}
	return nil
}
