package nl80211

import (
	"errors"
	"net"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nlenc"
)

func testMAC(t testing.TB, s string) net.HardwareAddr {
	t.Helper()
	a, err := net.ParseMAC(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseEvent(t *testing.T) {
	ap, sta := testMAC(t, "02:00:00:00:00:01"), testMAC(t, "02:00:00:00:01:00")
	tests := []struct {
		name string
		ev   Event
	}{
		{"connected", &ConnectEvent{Ifindex: 3, BSSID: ap, RespIE: []byte{1, 1, 0x82}}},
		{"association timed out", &ConnectEvent{Ifindex: 3, BSSID: ap, Status: 1, TimedOut: true}},
		{"disconnected by the access point", &DisconnectEvent{Ifindex: 3, Reason: 15, ByAP: true}},
		{"disconnected by us", &DisconnectEvent{Ifindex: 3, Reason: 3}},
		{"deauthenticated", &DeauthEvent{Ifindex: 3, Source: ap, BSSID: ap, Reason: 15}},
		{"disassociated", &DeauthEvent{Ifindex: 3, Disassociation: true, Source: sta, BSSID: ap, Reason: 8}},
		{"unprotected deauthentication", &DeauthEvent{Ifindex: 3, Unprotected: true, Source: ap, BSSID: ap, Reason: 7}},
		{"unprotected disassociation", &DeauthEvent{Ifindex: 3, Unprotected: true, Disassociation: true, Source: ap, BSSID: ap, Reason: 6}},
		{"SA Query response", &ManagementFrame{Ifindex: 3, Frame: append(deauthFrame(ap, ap, 0)[:24], 8, 1, 0xab, 0xcd)}},
		{"port authorized", &PortAuthorizedEvent{Ifindex: 3, BSSID: ap}},
		{"roamed", &RoamEvent{Ifindex: 3, BSSID: ap}},
		{"scan done", &ScanDoneEvent{Ifindex: 3}},
		{"scan aborted", &ScanDoneEvent{Ifindex: 3, Aborted: true}},
		{"global regulatory domain", &RegChangeEvent{Alpha2: "DE", Wiphy: -1}},
		{"wiphy regulatory domain", &RegChangeEvent{Alpha2: "US", Wiphy: 0}},
		{"EAPOL frame", &ControlPortFrame{Ifindex: 3, Source: ap, Proto: 0x888e, Frame: []byte{2, 3, 0, 0}, Unencrypted: true}},
		{"SAE commit from the access point", &AuthEvent{Ifindex: 3, Frame: append(deauthFrame(ap, ap, 0)[:24], 3, 0, 1, 0, 0, 0, 19, 0)}},
		{"SAE authentication timed out", &AuthEvent{Ifindex: 3, BSSID: ap, TimedOut: true}},
		{"driver asks for external SAE", &ExternalAuthEvent{Ifindex: 3, BSSID: ap, SSID: "home", AKM: 0x000fac08}},
		{"driver aborts external SAE", &ExternalAuthEvent{Ifindex: 3, Abort: true, BSSID: ap}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, attrs := encodeEvent(t, tt.ev)
			got, err := ParseEvent(cmd, attrs)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.ev, got); diff != "" {
				t.Errorf("ParseEvent (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEventIgnoresOtherCommands(t *testing.T) {
	ev, err := ParseEvent(cmdNewInterface, nil)
	if ev != nil || err != nil {
		t.Errorf("ParseEvent(NEW_INTERFACE) = %v, %v; want nil, nil", ev, err)
	}
}

func TestParseEventErrors(t *testing.T) {
	attrs := func(list ...netlink.Attribute) []byte {
		b, err := netlink.MarshalAttributes(list)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	u32 := func(typ uint16, v uint32) netlink.Attribute {
		return netlink.Attribute{Type: typ, Data: nlenc.Uint32Bytes(v)}
	}
	tests := []struct {
		name  string
		cmd   uint8
		attrs []byte
	}{
		{"truncated attributes", cmdConnect, []byte{8, 0, 3}},
		{"five-byte BSSID", cmdConnect, attrs(u32(attrIfindex, 3), netlink.Attribute{Type: attrMAC, Data: []byte{1, 2, 3, 4, 5}})},
		{"two-byte interface index", cmdDisconnect, attrs(netlink.Attribute{Type: attrIfindex, Data: []byte{3, 0}})},
		{"deauthentication without a frame", cmdDeauthenticate, attrs(u32(attrIfindex, 3))},
		{"short deauthentication frame", cmdDeauthenticate, attrs(netlink.Attribute{Type: attrFrame, Data: make([]byte, 25)})},
		{"management frame shorter than its header", cmdFrame, attrs(u32(attrIfindex, 3), netlink.Attribute{Type: attrFrame, Data: make([]byte, 23)})},
		{"unprotected deauthentication without a frame", cmdUnprotDeauth, attrs(u32(attrIfindex, 3))},
		{"five-byte BSSID in an external SAE request", cmdExternalAuth, attrs(u32(attrIfindex, 3), netlink.Attribute{Type: attrBSSID, Data: []byte{1, 2, 3, 4, 5}})},
		{"EAPOL frame without its source", cmdControlPortFrame, attrs(u32(attrIfindex, 3), netlink.Attribute{Type: attrFrame, Data: []byte{1}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := ParseEvent(tt.cmd, tt.attrs)
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseEvent = %v, %v; want an error wrapping ErrMalformed", ev, err)
			}
		})
	}
}
