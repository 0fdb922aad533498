package nl80211

import (
	"fmt"
	"net"
	"sync"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
)

// RSN holds the negotiated WPA2 suites of a connection (IEEE 802.11 suite
// selectors such as 0x000fac04 for CCMP and 0x000fac02 for WPA-PSK).
type RSN struct {
	Pairwise, Group, AKM uint32
	MFP                  bool // management frame protection in use
}

// ConnectParams is a NL80211_CMD_CONNECT request.
type ConnectParams struct {
	SSID      string
	BSSID     net.HardwareAddr // the access point; with Frequency it pins the BSS
	Frequency int              // MHz
	Privacy   bool             // the access point requires encryption
	// IEs go into the association request: our RSN element.
	IEs []byte
	// RSN, when set, makes the connection a WPA2 one with an 802.1X
	// controlled port that stays closed until AuthorizePort (or, with
	// PMK, until the driver's own handshake opens it). Nil: open network.
	RSN *RSN
	// ControlPortOverNL80211 delivers EAPOL frames as ControlPortFrame
	// events to the Association's socket, to be answered with
	// SendControlPortFrame; the wiphy must have
	// ExtFeatureControlPortOverNL80211. Otherwise they travel over the
	// network interface (see ListenPAE).
	ControlPortOverNL80211 bool
	// ActionFrames lists the starts of action frame bodies (category,
	// action) that the kernel should hand to the Association's socket as
	// ManagementFrame events, such as {8, 1} for SA Query responses.
	ActionFrames [][]byte
	// PMK hands the 4-way handshake to the driver (firmware offload, the
	// wiphy must have ExtFeature4WayHandshakeSTAPSK); a PortAuthorizedEvent
	// tells when it is done.
	PMK []byte
	// ExternalAuth offers to run SAE for a driver with its own SME
	// (NL80211_ATTR_EXTERNAL_AUTH_SUPPORT): the driver then asks with an
	// ExternalAuthEvent, and the access point's SAE frames come to the
	// Association's socket as ManagementFrame events.
	ExternalAuth bool
}

// Association is the socket that requested a connection: the kernel ends
// the connection when it closes (NL80211_ATTR_SOCKET_OWNER), refuses
// CMD_DISCONNECT from any other socket, and delivers EAPOL frames to it.
// Keep it open for as long as the connection should last; a process that
// takes over the connection needs this socket.
type Association struct {
	Ifindex int
	conn    *genetlink.Conn

	mu     sync.Mutex
	closed bool
}

// Connect asks the kernel to connect interface ifindex to an access point
// (NL80211_CMD_CONNECT) from a new socket that owns the connection. The
// result comes as a ConnectEvent; subscribe first.
func (c *Client) Connect(ifindex int, p ConnectParams) (*Association, error) {
	return c.own(ifindex, p, cmdConnect, func(ae *netlink.AttributeEncoder) { encodeConnect(ae, ifindex, p) })
}

// encodeConnect writes the attributes of a CMD_CONNECT request the way
// iwd's netdev.c does.
func encodeConnect(ae *netlink.AttributeEncoder, ifindex int, p ConnectParams) {
	ae.Uint32(attrIfindex, uint32(ifindex))
	if p.Frequency != 0 {
		ae.Uint32(attrWiphyFreq, uint32(p.Frequency))
	}
	if p.BSSID != nil {
		ae.Bytes(attrMAC, p.BSSID)
	}
	ae.Bytes(attrSSID, []byte(p.SSID))
	if p.ExternalAuth {
		ae.Uint32(attrAuthType, authtypeSAE)
	} else {
		ae.Uint32(attrAuthType, authtypeOpenSystem)
	}
	if p.Privacy {
		ae.Flag(attrPrivacy, true)
	}
	ae.Flag(attrSocketOwner, true)
	if p.ExternalAuth {
		ae.Flag(attrExternalAuthSupport, true)
	}
	if r := p.RSN; r != nil {
		encodeRSN(ae, r, p.PMK != nil, p.ControlPortOverNL80211)
		if p.PMK != nil {
			ae.Bytes(attrPMK, p.PMK)
		}
	}
	if len(p.IEs) > 0 {
		ae.Bytes(attrIE, p.IEs)
	}
}

// Close closes the owner socket: the kernel then deauthenticates from the
// access point (reason 3, the station is leaving). This is how to end a
// connection made with Connect.
func (a *Association) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	return a.conn.Close()
}

func (a *Association) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// Disconnect ends a connection of interface ifindex that no socket owns,
// with an IEEE 802.11 reason code (3: the station is leaving)
// (NL80211_CMD_DISCONNECT). The kernel refuses (EPERM) to end one that
// another socket owns; close its Association instead.
func (c *Client) Disconnect(ifindex int, reason uint16) error {
	err := c.ack(cmdDisconnect, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Uint16(attrReasonCode, reason)
	})
	if err != nil {
		return fmt.Errorf("nl80211: disconnect interface %d: %w", ifindex, err)
	}
	return nil
}

// encodeRSN writes the crypto settings CONNECT and ASSOCIATE share: the
// suites, management frame protection, and either the driver's own 4-way
// handshake (offload) or a controlled port for ours.
func encodeRSN(ae *netlink.AttributeEncoder, r *RSN, offload, overNL80211 bool) {
	ae.Uint32(attrWPAVersions, wpaVersion2)
	ae.Uint32(attrCipherSuitesPairwise, r.Pairwise)
	ae.Uint32(attrCipherSuiteGroup, r.Group)
	ae.Uint32(attrAKMSuites, r.AKM)
	if r.MFP {
		ae.Uint32(attrUseMFP, mfpRequired)
	}
	if offload {
		ae.Flag(attrWant1X4WayHS, true)
		return
	}
	ae.Flag(attrControlPort, true)
	ae.Uint16(attrControlPortEthertype, ethPPAE)
	if overNL80211 {
		ae.Flag(attrControlPortOverNL80211, true)
	}
}
