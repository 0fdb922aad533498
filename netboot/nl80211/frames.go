package nl80211

import (
	"fmt"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// ManagementFrame is a management frame the kernel handed to the socket
// that registered for it (NL80211_CMD_FRAME as an event; see
// ConnectParams.ActionFrames): the whole frame, from the 802.11 header on.
// A robust action frame (802.11-2020 9.6.1 Table 9-51, such as SA Query)
// from a peer with management frame protection arrives only if it was
// protected: mac80211 drops it otherwise.
type ManagementFrame struct {
	Ifindex int
	Frame   []byte
}

func (e *ManagementFrame) ifindex() int { return e.Ifindex }

func (e *ManagementFrame) setFrame(frame []byte) error {
	if len(frame) < mgmtHeaderLen {
		return fmt.Errorf("management frame of %d bytes, want at least %d: %w", len(frame), mgmtHeaderLen, ErrMalformed)
	}
	e.Frame = frame
	return nil
}

// frameTypeAction is the frame control field of an action frame
// (management type 0, subtype 13), as NL80211_ATTR_FRAME_TYPE wants it.
const frameTypeAction = 0x00d0

// registerFrames asks the kernel to deliver the management frames of type
// typ (frameTypeAction: body starting with category, then action) whose
// body starts with one of prefixes to conn (NL80211_CMD_REGISTER_FRAME).
// The registration lasts as long as conn.
func (c *Client) registerFrames(conn *genetlink.Conn, ifindex int, typ uint16, prefixes [][]byte) error {
	for _, p := range prefixes {
		msg, err := c.request(cmdRegisterFrame, func(ae *netlink.AttributeEncoder) {
			ae.Uint32(attrIfindex, uint32(ifindex))
			ae.Uint16(attrFrameType, typ)
			ae.Bytes(attrFrameMatch, p)
		})
		if err == nil {
			_, err = conn.Execute(msg, c.family.ID, netlink.Request|netlink.Acknowledge)
		}
		if err != nil {
			return fmt.Errorf("register for management frames %#04x %x: %w", typ, p, err)
		}
	}
	return nil
}

// SendFrame transmits a management frame, from the 802.11 header on, on
// interface ifindex's operating channel (NL80211_CMD_FRAME). The kernel
// protects a robust action frame with the pairwise key when management
// frame protection is in use (802.11-2020 12.6.15), and fills in the
// sequence number.
func (c *Client) SendFrame(ifindex int, frame []byte) error {
	err := c.ack(cmdFrame, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Bytes(attrFrame, frame)
		// No TX status: it would come as an event with a cookie that
		// nothing here waits for.
		ae.Flag(attrDontWaitForAck, true)
	})
	if err != nil {
		return fmt.Errorf("nl80211: send management frame on interface %d: %w", ifindex, err)
	}
	return nil
}
