package nl80211

import (
	"fmt"
	"net"

	"github.com/mdlayher/netlink"
)

// External authentication: a fullMAC driver with its own SME (brcmfmac's
// "sae_ext" firmware) cannot run SAE, and has no CMD_AUTHENTICATE. Given
// NL80211_ATTR_EXTERNAL_AUTH_SUPPORT in CMD_CONNECT, it asks the socket
// that connected to run it (CMD_EXTERNAL_AUTH, action START, with the
// BSSID, SSID and AKM); the station sends its authentication frames with
// CMD_FRAME, receives the access point's through a frame registration,
// and reports the outcome with CMD_EXTERNAL_AUTH and a status code. The
// driver then associates and the connection goes on as after CONNECT.
const (
	cmdExternalAuth         = 127
	attrBSSID               = 245 // NL80211_ATTR_BSSID
	attrExternalAuthAction  = 260
	attrExternalAuthSupport = 261
	externalAuthAbort       = 1 // enum nl80211_external_auth_action; 0 is START
	// frameTypeAuth is an authentication frame (management type 0,
	// subtype 11), as NL80211_ATTR_FRAME_TYPE wants it.
	frameTypeAuth = 0x00b0
)

// authSAEMatch starts the body of an SAE authentication frame: the
// authentication algorithm number 3, little-endian (802.11-2020 9.4.1.1).
var authSAEMatch = []byte{3, 0}

// ExternalAuthEvent is the driver asking the station to run SAE with BSSID
// (Abort false), or to stop (Abort true). It comes to the socket that
// connected with ConnectParams.ExternalAuth.
type ExternalAuthEvent struct {
	Ifindex int
	Abort   bool
	BSSID   net.HardwareAddr
	SSID    string
	AKM     uint32
}

func (e *ExternalAuthEvent) ifindex() int { return e.Ifindex }

func (e *ExternalAuthEvent) decode(ad *netlink.AttributeDecoder) {
	switch ad.Type() {
	case attrExternalAuthAction:
		e.Abort = ad.Uint32() == externalAuthAbort
	case attrBSSID:
		e.BSSID = mac(ad.Bytes())
	case attrSSID:
		e.SSID = string(ad.Bytes())
	case attrAKMSuites:
		e.AKM = ad.Uint32()
	}
}

// ExternalAuthDone tells the driver of interface ifindex how the SAE it
// asked for ended (CMD_EXTERNAL_AUTH): status 0 lets it associate, any
// other IEEE 802.11 status code (1, unspecified failure) ends the attempt.
func (c *Client) ExternalAuthDone(ifindex int, bssid net.HardwareAddr, ssid string, status uint16) error {
	err := c.ack(cmdExternalAuth, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		ae.Bytes(attrBSSID, bssid)
		ae.Bytes(attrSSID, []byte(ssid))
		ae.Uint16(attrStatusCode, status)
	})
	if err != nil {
		return fmt.Errorf("nl80211: report external authentication with %s: %w", bssid, err)
	}
	return nil
}
