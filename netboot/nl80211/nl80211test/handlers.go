//go:build linux

package nl80211test

import (
	"encoding/binary"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nlenc"
	"golang.org/x/sys/unix"
)

// handle answers one request.
func (k *Kernel) handle(r Request, o *owner) ([]genetlink.Message, error) {
	switch r.Command {
	case unix.NL80211_CMD_GET_INTERFACE:
		return k.getInterfaces()
	case unix.NL80211_CMD_GET_WIPHY:
		return k.getWiphys(r)
	case unix.NL80211_CMD_GET_REG:
		return k.getReg()
	case unix.NL80211_CMD_REQ_SET_REG:
		return k.setReg(r)
	case unix.NL80211_CMD_TRIGGER_SCAN:
		return k.triggerScan(r)
	case unix.NL80211_CMD_GET_SCAN:
		return k.getScan(r)
	case unix.NL80211_CMD_ABORT_SCAN:
		return k.abortScan(r)
	case unix.NL80211_CMD_CONNECT, unix.NL80211_CMD_ASSOCIATE:
		// ASSOCIATE after SAE carries what CONNECT does, less the
		// authentication; Request.Command tells them apart.
		return k.connect(r, o)
	case unix.NL80211_CMD_AUTHENTICATE:
		return k.authenticate(r)
	case unix.NL80211_CMD_DISCONNECT:
		return k.disconnect(r, o)
	case unix.NL80211_CMD_NEW_KEY:
		return k.newKey(r)
	case unix.NL80211_CMD_SET_KEY:
		return ack()
	case unix.NL80211_CMD_SET_STATION:
		return k.setStation(r)
	case unix.NL80211_CMD_CONTROL_PORT_FRAME:
		return k.controlPortTx(r)
	case unix.NL80211_CMD_REGISTER_FRAME:
		return k.registerFrame(r)
	case unix.NL80211_CMD_FRAME:
		return k.frameTx(r)
	case unix.NL80211_CMD_EXTERNAL_AUTH:
		return k.externalAuth(r)
	}
	return nil, genltest.Error(int(unix.EOPNOTSUPP))
}

// message encodes a reply or event.
func message(cmd uint8, fn func(ae *netlink.AttributeEncoder)) genetlink.Message {
	ae := netlink.NewAttributeEncoder()
	fn(ae)
	b, err := ae.Encode()
	if err != nil {
		panic("nl80211test: encode attributes: " + err.Error())
	}
	return genetlink.Message{Header: genetlink.Header{Command: cmd, Version: Family.Version}, Data: b}
}

func u32(r Request, typ uint16) (uint32, bool) {
	b, ok := r.Attr(typ)
	if !ok || len(b) != 4 {
		return 0, false
	}
	return binary.NativeEndian.Uint32(b), true
}

func ifindexOf(r Request) int {
	i, _ := u32(r, unix.NL80211_ATTR_IFINDEX)
	return int(i)
}

func (k *Kernel) getInterfaces() ([]genetlink.Message, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []genetlink.Message
	for _, i := range k.ifaces {
		out = append(out, message(unix.NL80211_CMD_NEW_INTERFACE, func(ae *netlink.AttributeEncoder) {
			ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(i.Index))
			ae.String(unix.NL80211_ATTR_IFNAME, i.Name)
			ae.Uint32(unix.NL80211_ATTR_WIPHY, uint32(i.Wiphy))
			ae.Uint32(unix.NL80211_ATTR_IFTYPE, i.Type)
			ae.Bytes(unix.NL80211_ATTR_MAC, i.MAC)
		}))
	}
	return out, nil
}

// getWiphys answers a split dump with two messages per wiphy.
func (k *Kernel) getWiphys(r Request) ([]genetlink.Message, error) {
	want, filtered := u32(r, unix.NL80211_ATTR_WIPHY)
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []genetlink.Message
	for _, w := range k.wiphys {
		if filtered && uint32(w.Index) != want {
			continue
		}
		out = append(out, message(unix.NL80211_CMD_NEW_WIPHY, func(ae *netlink.AttributeEncoder) {
			ae.Uint32(unix.NL80211_ATTR_WIPHY, uint32(w.Index))
			ae.String(unix.NL80211_ATTR_WIPHY_NAME, w.Name)
			ae.Uint8(unix.NL80211_ATTR_MAX_NUM_SCAN_SSIDS, uint8(w.MaxScanSSIDs))
			ciphers := make([]byte, 4*len(w.Ciphers))
			for i, c := range w.Ciphers {
				binary.NativeEndian.PutUint32(ciphers[4*i:4*i+4], c)
			}
			ae.Bytes(unix.NL80211_ATTR_CIPHER_SUITES, ciphers)
		}), message(unix.NL80211_CMD_NEW_WIPHY, func(ae *netlink.AttributeEncoder) {
			ae.Uint32(unix.NL80211_ATTR_WIPHY, uint32(w.Index))
			ae.Bytes(unix.NL80211_ATTR_EXT_FEATURES, extFeatures(w.ExtFeatures))
		}))
		for band, chans := range w.Bands {
			out = append(out, message(unix.NL80211_CMD_NEW_WIPHY, func(ae *netlink.AttributeEncoder) {
				ae.Uint32(unix.NL80211_ATTR_WIPHY, uint32(w.Index))
				ae.Nested(unix.NL80211_ATTR_WIPHY_BANDS, func(nae *netlink.AttributeEncoder) error {
					nae.Nested(uint16(band), func(bae *netlink.AttributeEncoder) error {
						bae.Nested(unix.NL80211_BAND_ATTR_FREQS, func(fae *netlink.AttributeEncoder) error {
							for i, c := range chans {
								fae.Nested(uint16(i), func(cae *netlink.AttributeEncoder) error {
									encodeChannel(cae, c)
									return nil
								})
							}
							return nil
						})
						return nil
					})
					return nil
				})
			}))
		}
	}
	return out, nil
}

func encodeChannel(ae *netlink.AttributeEncoder, c Channel) {
	ae.Uint32(unix.NL80211_FREQUENCY_ATTR_FREQ, uint32(c.Freq))
	ae.Flag(unix.NL80211_FREQUENCY_ATTR_DISABLED, c.Disabled)
	ae.Flag(unix.NL80211_FREQUENCY_ATTR_NO_IR, c.NoIR)
	ae.Flag(unix.NL80211_FREQUENCY_ATTR_RADAR, c.Radar)
}

func extFeatures(bits []int) []byte {
	b := make([]byte, 16) // room for 128 features, as kernels of 2024 have
	for _, f := range bits {
		b[f/8] |= 1 << (f % 8)
	}
	return b
}

func (k *Kernel) getReg() ([]genetlink.Message, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return []genetlink.Message{message(unix.NL80211_CMD_GET_REG, func(ae *netlink.AttributeEncoder) {
		ae.String(unix.NL80211_ATTR_REG_ALPHA2, k.alpha2)
	})}, nil
}

func (k *Kernel) setReg(r Request) ([]genetlink.Message, error) {
	b, ok := r.Attr(unix.NL80211_ATTR_REG_ALPHA2)
	if !ok {
		return nil, genltest.Error(int(unix.EINVAL))
	}
	k.mu.Lock()
	k.alpha2 = nlenc.String(b)
	k.mu.Unlock()
	k.RegChange(nlenc.String(b))
	return ack()
}

// nestedValues returns the values of the attributes nested in typ.
func nestedValues(r Request, typ uint16) [][]byte {
	b, ok := r.Attr(typ)
	if !ok {
		return nil
	}
	attrs, err := netlink.UnmarshalAttributes(b)
	if err != nil {
		return nil
	}
	var out [][]byte
	for _, a := range attrs {
		out = append(out, a.Data)
	}
	return out
}
