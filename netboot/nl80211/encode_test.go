package nl80211

import (
	"encoding/binary"
	"testing"

	"github.com/mdlayher/netlink"
)

// encodeEvent is the kernel's side of ParseEvent, for round trips.
func encodeEvent(t testing.TB, ev Event) (uint8, []byte) {
	t.Helper()
	ae := netlink.NewAttributeEncoder()
	var cmd uint8
	switch e := ev.(type) {
	case *ConnectEvent:
		cmd = cmdConnect
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		putMAC(ae, e.BSSID)
		ae.Uint16(attrStatusCode, e.Status)
		if e.TimedOut {
			ae.Flag(attrTimedOut, true)
		}
		if e.RespIE != nil {
			ae.Bytes(attrRespIE, e.RespIE)
		}
	case *DisconnectEvent:
		cmd = cmdDisconnect
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		ae.Uint16(attrReasonCode, e.Reason)
		if e.ByAP {
			ae.Flag(attrDisconnectedByAP, true)
		}
	case *DeauthEvent:
		cmd = [2][2]uint8{{cmdDeauthenticate, cmdDisassociate}, {cmdUnprotDeauth, cmdUnprotDisassoc}}[b2i(e.Unprotected)][b2i(e.Disassociation)]
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		ae.Bytes(attrFrame, deauthFrame(e.Source, e.BSSID, e.Reason))
	case *PortAuthorizedEvent:
		cmd = cmdPortAuthorized
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		putMAC(ae, e.BSSID)
	case *RoamEvent:
		cmd = cmdRoam
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		putMAC(ae, e.BSSID)
	case *ScanDoneEvent:
		cmd = cmdNewScanResults
		if e.Aborted {
			cmd = cmdScanAborted
		}
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
	case *RegChangeEvent:
		cmd = cmdRegChange
		if e.Wiphy >= 0 {
			cmd = cmdWiphyRegChange
			ae.Uint32(attrWiphy, uint32(e.Wiphy))
		}
		ae.String(attrRegAlpha2, e.Alpha2)
	case *ControlPortFrame:
		cmd = cmdControlPortFrame
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		putMAC(ae, e.Source)
		ae.Uint16(attrControlPortEthertype, e.Proto)
		ae.Bytes(attrFrame, e.Frame)
		if e.Unencrypted {
			ae.Flag(attrControlPortNoEncrypt, true)
		}
	case *ManagementFrame:
		cmd = cmdFrame
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		ae.Bytes(attrFrame, e.Frame)
	case *AuthEvent:
		cmd = cmdAuthenticate
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		putMAC(ae, e.BSSID)
		if e.TimedOut {
			ae.Flag(attrTimedOut, true)
		}
		if e.Frame != nil {
			ae.Bytes(attrFrame, e.Frame)
		}
	case *ExternalAuthEvent:
		cmd = cmdExternalAuth
		ae.Uint32(attrIfindex, uint32(e.Ifindex))
		ae.Uint32(attrExternalAuthAction, uint32(b2i(e.Abort)))
		if e.BSSID != nil {
			ae.Bytes(attrBSSID, e.BSSID)
		}
		if e.SSID != "" {
			ae.Bytes(attrSSID, []byte(e.SSID))
		}
		if e.AKM != 0 {
			ae.Uint32(attrAKMSuites, e.AKM)
		}
	default:
		t.Fatalf("encodeEvent: %T", ev)
	}
	b, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return cmd, b
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func putMAC(ae *netlink.AttributeEncoder, a []byte) {
	if a != nil {
		ae.Bytes(attrMAC, a)
	}
}

// deauthFrame builds a deauthentication frame from src in BSS bssid.
func deauthFrame(src, bssid []byte, reason uint16) []byte {
	f := make([]byte, 26)
	f[0] = 0xc0
	copy(f[10:16], src)
	copy(f[16:22], bssid)
	binary.LittleEndian.PutUint16(f[24:], reason)
	return f
}

// encodeBSS is the kernel's side of ParseBSS, for round trips.
func encodeBSS(t testing.TB, b *BSS) []byte {
	t.Helper()
	ae := netlink.NewAttributeEncoder()
	ae.Bytes(bssBSSID, b.BSSID)
	ae.Uint32(bssFrequency, uint32(b.Frequency))
	ae.Int32(bssSignalMBM, int32(b.Signal))
	ae.Uint16(bssCapability, b.Capability)
	ae.Uint16(bssBeaconInterval, uint16(b.BeaconInterval))
	ae.Uint32(bssSeenMsAgo, uint32(b.SeenMsAgo))
	if b.Associated {
		ae.Uint32(bssStatus, bssStatusAssoc)
	}
	if b.IEs != nil {
		ae.Bytes(bssInformationElements, b.IEs)
	}
	out, err := ae.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
