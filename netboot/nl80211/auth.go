package nl80211

import (
	"fmt"
	"net"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// Values for SAE, where the station runs authentication itself and then
// associates (nl80211's "SME in user space"; mac80211 cannot do SAE inside
// CMD_CONNECT).
const (
	cmdAuthenticate = 37
	cmdAssociate    = 38
	attrSAEData     = 156 // NL80211_ATTR_SAE_DATA (alias NL80211_ATTR_AUTH_DATA)
	authtypeSAE     = 4   // enum nl80211_auth_type
)

// AuthParams is an NL80211_CMD_AUTHENTICATE request carrying one SAE
// message: the kernel sends it as an authentication frame to BSSID and
// reports the access point's answers as AuthEvents.
type AuthParams struct {
	BSSID     net.HardwareAddr
	Frequency int // MHz
	SSID      string
	// SAEData is the SAE part of the frame, from the transaction sequence
	// number on (sae.Frame.Bytes()).
	SAEData []byte
	// Open asks for Open System authentication instead of SAE, as a
	// station offering a cached SAE PMKSA does (SAEData is then unused).
	Open bool
}

// Authenticate sends one SAE authentication frame (a commit, then a
// confirm) from interface ifindex. The access point must be in the scan
// results.
func (c *Client) Authenticate(ifindex int, p AuthParams) error {
	err := c.ack(cmdAuthenticate, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Bytes(attrMAC, p.BSSID)
		ae.Uint32(attrWiphyFreq, uint32(p.Frequency))
		ae.Bytes(attrSSID, []byte(p.SSID))
		if p.Open {
			ae.Uint32(attrAuthType, authtypeOpenSystem)
			return
		}
		ae.Uint32(attrAuthType, authtypeSAE)
		ae.Bytes(attrSAEData, p.SAEData)
	})
	if err != nil {
		return fmt.Errorf("nl80211: authenticate with %s (SAE): %w", p.BSSID, err)
	}
	return nil
}

// AuthEvent is NL80211_CMD_AUTHENTICATE as an event: an authentication
// frame from the access point, whole from the 802.11 header on, or
// TimedOut when none came after the kernel's retries.
type AuthEvent struct {
	Ifindex  int
	Frame    []byte
	TimedOut bool
	BSSID    net.HardwareAddr // with TimedOut
}

func (e *AuthEvent) ifindex() int { return e.Ifindex }

func (e *AuthEvent) decode(ad *netlink.AttributeDecoder) {
	switch ad.Type() {
	case attrMAC:
		e.BSSID = mac(ad.Bytes())
	case attrTimedOut:
		e.TimedOut = true
	}
}

func (e *AuthEvent) setFrame(frame []byte) error {
	if !e.TimedOut && len(frame) < mgmtHeaderLen {
		return fmt.Errorf("authentication frame of %d bytes: %w", len(frame), ErrMalformed)
	}
	e.Frame = frame
	return nil
}

// Associate asks the kernel to associate interface ifindex with an access
// point it has authenticated with (NL80211_CMD_ASSOCIATE), from a new socket
// that owns the connection as Connect's does. The result comes as a
// ConnectEvent, as for Connect; p's Privacy and PMK do not apply.
func (c *Client) Associate(ifindex int, p ConnectParams) (*Association, error) {
	return c.own(ifindex, p, cmdAssociate, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Uint32(attrWiphyFreq, uint32(p.Frequency))
		ae.Bytes(attrMAC, p.BSSID)
		ae.Bytes(attrSSID, []byte(p.SSID))
		ae.Flag(attrSocketOwner, true)
		if p.RSN != nil {
			encodeRSN(ae, p.RSN, false, p.ControlPortOverNL80211)
		}
		if len(p.IEs) > 0 {
			ae.Bytes(attrIE, p.IEs)
		}
	})
}

// own sends a connecting request from a new socket that then owns the
// connection, after registering for p's action frames on it.
func (c *Client) own(ifindex int, p ConnectParams, cmd uint8, attrs func(ae *netlink.AttributeEncoder)) (*Association, error) {
	if c.isClosed() {
		return nil, ErrClosed
	}
	conn, err := c.dialOwner()
	if err != nil {
		return nil, fmt.Errorf("nl80211: connect to %q: open owner socket: %w", p.SSID, err)
	}
	// Register before connecting: no frame is lost, and the socket's
	// reader does not run yet to take the acknowledgement for an event.
	err = c.registerFrames(conn, ifindex, frameTypeAction, p.ActionFrames)
	if err == nil && p.ExternalAuth {
		err = c.registerFrames(conn, ifindex, frameTypeAuth, [][]byte{authSAEMatch})
	}
	var msg genetlink.Message
	if err == nil {
		msg, err = c.request(cmd, attrs)
	}
	if err == nil {
		_, err = conn.Execute(msg, c.family.ID, netlink.Request|netlink.Acknowledge)
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("nl80211: connect to %q (%s): %w", p.SSID, p.BSSID, err)
	}
	a := &Association{Ifindex: ifindex, conn: conn}
	go c.read(conn, ifindex, a.isClosed)
	return a, nil
}
