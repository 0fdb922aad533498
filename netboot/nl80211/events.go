package nl80211

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"

	"github.com/mdlayher/netlink"
)

// ErrMalformed reports an nl80211 message or element that does not parse.
var ErrMalformed = errors.New("malformed")

// An Event is a notification from the kernel: *ConnectEvent,
// *DisconnectEvent, *DeauthEvent, *PortAuthorizedEvent, *RoamEvent,
// *ScanDoneEvent, *RegChangeEvent, *ControlPortFrame, *ManagementFrame,
// *AuthEvent or *ErrorEvent.
type Event interface {
	ifindex() int // 0 for events that concern no interface
}

// ConnectEvent is NL80211_CMD_CONNECT as an event: the result of a
// Connect. Status 0 is success; TimedOut means no answer from the access
// point (the status is then non-zero too).
type ConnectEvent struct {
	Ifindex  int
	BSSID    net.HardwareAddr
	Status   uint16 // IEEE 802.11 status code
	TimedOut bool
	RespIE   []byte // the association response's elements
}

// DisconnectEvent is NL80211_CMD_DISCONNECT as an event: the connection
// is gone, with the IEEE 802.11 reason code; ByAP tells whether the
// access point ended it.
type DisconnectEvent struct {
	Ifindex int
	Reason  uint16
	ByAP    bool
}

// DeauthEvent is a deauthentication or disassociation frame the
// interface sent or received (NL80211_CMD_DEAUTHENTICATE and
// NL80211_CMD_DISASSOCIATE events). A DisconnectEvent follows, except for
// an Unprotected one: with management frame protection in use the kernel
// dropped it and only reports it (NL80211_CMD_UNPROT_DEAUTHENTICATE and
// NL80211_CMD_UNPROT_DISASSOCIATE), for an SA Query to tell whether the
// access point really sent it.
type DeauthEvent struct {
	Ifindex        int
	Disassociation bool // a disassociation rather than a deauthentication
	Unprotected    bool // dropped by the kernel: unprotected, PMF in use
	Source, BSSID  net.HardwareAddr
	Reason         uint16
}

// PortAuthorizedEvent reports that a driver doing the 4-way handshake
// itself (firmware offload) has installed the keys and opened the port.
type PortAuthorizedEvent struct {
	Ifindex int
	BSSID   net.HardwareAddr
}

// RoamEvent reports that the driver moved to another access point of
// the same network on its own.
type RoamEvent struct {
	Ifindex int
	BSSID   net.HardwareAddr
}

// ScanDoneEvent reports that a scan finished (NEW_SCAN_RESULTS) or was
// aborted (SCAN_ABORTED).
type ScanDoneEvent struct {
	Ifindex int
	Aborted bool
}

// RegChangeEvent reports a new regulatory domain, globally or for one
// wiphy (Wiphy >= 0).
type RegChangeEvent struct {
	Alpha2 string
	Wiphy  int // -1: the global domain
}

// ControlPortFrame is an EAPOL frame (starting at the 802.1X header)
// received from Source, over nl80211 (NL80211_CMD_CONTROL_PORT_FRAME) or
// an AF_PACKET socket.
type ControlPortFrame struct {
	Ifindex     int
	Source      net.HardwareAddr
	Proto       uint16 // the ethertype, 0x888e
	Frame       []byte
	Unencrypted bool // it arrived without encryption (nl80211 only)
}

// ErrorEvent reports that a socket stopped delivering events.
type ErrorEvent struct {
	Ifindex int
	Err     error
}

func (e *ConnectEvent) ifindex() int        { return e.Ifindex }
func (e *DisconnectEvent) ifindex() int     { return e.Ifindex }
func (e *DeauthEvent) ifindex() int         { return e.Ifindex }
func (e *PortAuthorizedEvent) ifindex() int { return e.Ifindex }
func (e *RoamEvent) ifindex() int           { return e.Ifindex }
func (e *ScanDoneEvent) ifindex() int       { return e.Ifindex }
func (e *RegChangeEvent) ifindex() int      { return 0 }
func (e *ControlPortFrame) ifindex() int    { return e.Ifindex }
func (e *ErrorEvent) ifindex() int          { return e.Ifindex }

// ParseEvent parses the attributes of an nl80211 notification with
// command cmd. It returns nil and no error for commands it does not model.
func ParseEvent(cmd uint8, attrs []byte) (Event, error) {
	var ev Event
	switch cmd {
	case cmdConnect:
		ev = &ConnectEvent{}
	case cmdDisconnect:
		ev = &DisconnectEvent{}
	case cmdDeauthenticate, cmdDisassociate:
		ev = &DeauthEvent{Disassociation: cmd == cmdDisassociate}
	case cmdUnprotDeauth, cmdUnprotDisassoc:
		ev = &DeauthEvent{Disassociation: cmd == cmdUnprotDisassoc, Unprotected: true}
	case cmdFrame:
		ev = &ManagementFrame{}
	case cmdPortAuthorized:
		ev = &PortAuthorizedEvent{}
	case cmdRoam:
		ev = &RoamEvent{}
	case cmdNewScanResults, cmdScanAborted:
		ev = &ScanDoneEvent{Aborted: cmd == cmdScanAborted}
	case cmdRegChange, cmdWiphyRegChange:
		ev = &RegChangeEvent{Wiphy: -1}
	case cmdControlPortFrame:
		ev = &ControlPortFrame{}
	case cmdAuthenticate:
		ev = &AuthEvent{}
	case cmdExternalAuth:
		ev = &ExternalAuthEvent{}
	default:
		return nil, nil
	}
	if err := decodeEvent(ev, attrs); err != nil {
		return nil, fmt.Errorf("parse nl80211 event %d: %w", cmd, err)
	}
	return ev, nil
}

func decodeEvent(ev Event, attrs []byte) error {
	ad, err := netlink.NewAttributeDecoder(attrs)
	if err != nil {
		return fmt.Errorf("%v: %w", err, ErrMalformed)
	}
	var frame []byte
	for ad.Next() {
		if ad.Type() == attrFrame {
			frame = ad.Bytes()
		}
		decodeEventAttr(ev, ad)
	}
	if err := ad.Err(); err != nil {
		return fmt.Errorf("%v: %w", err, ErrMalformed)
	}
	switch e := ev.(type) {
	case *DeauthEvent:
		return e.parseFrame(frame)
	case *ManagementFrame:
		return e.setFrame(frame)
	case *AuthEvent:
		return e.setFrame(frame)
	}
	return checkMACs(ev)
}

// decodeEventAttr stores the attribute ad points at in ev.
func decodeEventAttr(ev Event, ad *netlink.AttributeDecoder) {
	if ad.Type() == attrIfindex {
		setIfindex(ev, int(ad.Uint32()))
		return
	}
	switch e := ev.(type) {
	case *ConnectEvent:
		e.decode(ad)
	case *DisconnectEvent:
		switch ad.Type() {
		case attrReasonCode:
			e.Reason = ad.Uint16()
		case attrDisconnectedByAP:
			e.ByAP = true
		}
	case *PortAuthorizedEvent:
		if ad.Type() == attrMAC {
			e.BSSID = mac(ad.Bytes())
		}
	case *RoamEvent:
		if ad.Type() == attrMAC {
			e.BSSID = mac(ad.Bytes())
		}
	case *RegChangeEvent:
		switch ad.Type() {
		case attrRegAlpha2:
			e.Alpha2 = ad.String()
		case attrWiphy:
			e.Wiphy = int(ad.Uint32())
		}
	case *ControlPortFrame:
		e.decode(ad)
	case *AuthEvent:
		e.decode(ad)
	case *ExternalAuthEvent:
		e.decode(ad)
	}
}

func (e *ConnectEvent) decode(ad *netlink.AttributeDecoder) {
	switch ad.Type() {
	case attrMAC:
		e.BSSID = mac(ad.Bytes())
	case attrStatusCode:
		e.Status = ad.Uint16()
	case attrTimedOut:
		e.TimedOut = true
	case attrRespIE:
		e.RespIE = ad.Bytes()
	}
}

func (e *ControlPortFrame) decode(ad *netlink.AttributeDecoder) {
	switch ad.Type() {
	case attrMAC:
		e.Source = mac(ad.Bytes())
	case attrFrame:
		e.Frame = ad.Bytes()
	case attrControlPortEthertype:
		e.Proto = ad.Uint16()
	case attrControlPortNoEncrypt:
		e.Unencrypted = true
	}
}

func setIfindex(ev Event, i int) {
	switch e := ev.(type) {
	case *ConnectEvent:
		e.Ifindex = i
	case *DisconnectEvent:
		e.Ifindex = i
	case *DeauthEvent:
		e.Ifindex = i
	case *PortAuthorizedEvent:
		e.Ifindex = i
	case *RoamEvent:
		e.Ifindex = i
	case *ScanDoneEvent:
		e.Ifindex = i
	case *ControlPortFrame:
		e.Ifindex = i
	case *ManagementFrame:
		e.Ifindex = i
	case *AuthEvent:
		e.Ifindex = i
	case *ExternalAuthEvent:
		e.Ifindex = i
	}
}

// checkMACs rejects hardware addresses that are not 6 bytes long.
func checkMACs(ev Event) error {
	var a net.HardwareAddr
	switch e := ev.(type) {
	case *ConnectEvent:
		a = e.BSSID
	case *PortAuthorizedEvent:
		a = e.BSSID
	case *RoamEvent:
		a = e.BSSID
	case *ExternalAuthEvent:
		a = e.BSSID
	case *ControlPortFrame:
		a = e.Source
		if a == nil || e.Frame == nil {
			return fmt.Errorf("control port frame without source address or frame: %w", ErrMalformed)
		}
	}
	if a != nil && len(a) != 6 {
		return fmt.Errorf("hardware address of %d bytes: %w", len(a), ErrMalformed)
	}
	return nil
}

// mgmtHeaderLen is the length of an IEEE 802.11 management frame header.
const mgmtHeaderLen = 24

// parseFrame takes the addresses and reason code from a deauthentication
// or disassociation frame (IEEE 802.11-2016 9.3.3.12 and 9.3.3.5).
func (e *DeauthEvent) parseFrame(frame []byte) error {
	if len(frame) < mgmtHeaderLen+2 {
		return fmt.Errorf("deauthentication frame of %d bytes, want at least %d: %w", len(frame), mgmtHeaderLen+2, ErrMalformed)
	}
	e.Source = mac(frame[10:16])
	e.BSSID = mac(frame[16:22])
	e.Reason = binary.LittleEndian.Uint16(frame[mgmtHeaderLen:])
	return nil
}

// mac copies b, which the caller must check is 6 bytes long.
func mac(b []byte) net.HardwareAddr { return append(net.HardwareAddr(nil), b...) }
