package nl80211

import (
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
)

var (
	testRSNIE = []byte{48, 20, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 4, 1, 0, 0, 0x0f, 0xac, 2, 0, 0}
	testPSK   = make([]byte, 32)
)

func TestConnect(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	rsn := &RSN{Pairwise: 0x000fac04, Group: 0x000fac04, AKM: 0x000fac02}
	base := func(privacy bool) []netlink.Attribute {
		attrs := []netlink.Attribute{aU32(attrIfindex, 3), aU32(attrWiphyFreq, 2412), aBytes(attrMAC, ap),
			aBytes(attrSSID, []byte("home")), aU32(attrAuthType, 0)}
		if privacy {
			attrs = append(attrs, aFlag(attrPrivacy))
		}
		return append(attrs, aFlag(attrSocketOwner))
	}
	wpa2 := []netlink.Attribute{aU32(attrWPAVersions, 2), aU32(attrCipherSuitesPairwise, 0x000fac04),
		aU32(attrCipherSuiteGroup, 0x000fac04), aU32(attrAKMSuites, 0x000fac02)}
	controlPort := []netlink.Attribute{aFlag(attrControlPort), aU16(attrControlPortEthertype, 0x888e)}
	tests := []struct {
		name string
		p    ConnectParams
		want []netlink.Attribute
	}{
		{
			name: "open network",
			p:    ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412},
			want: base(false),
		},
		{
			name: "WPA2 with EAPOL over nl80211",
			p: ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412, Privacy: true, IEs: testRSNIE, RSN: rsn,
				ControlPortOverNL80211: true},
			want: join(base(true), wpa2, controlPort, []netlink.Attribute{aFlag(attrControlPortOverNL80211), aBytes(attrIE, testRSNIE)}),
		},
		{
			name: "WPA2 with EAPOL over the network interface",
			p:    ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412, Privacy: true, IEs: testRSNIE, RSN: rsn},
			want: join(base(true), wpa2, controlPort, []netlink.Attribute{aBytes(attrIE, testRSNIE)}),
		},
		{
			name: "WPA2 with management frame protection",
			p: ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412, Privacy: true, IEs: testRSNIE,
				RSN: &RSN{Pairwise: 0x000fac04, Group: 0x000fac04, AKM: 0x000fac02, MFP: true}},
			want: join(base(true), wpa2, []netlink.Attribute{aU32(attrUseMFP, 1)}, controlPort, []netlink.Attribute{aBytes(attrIE, testRSNIE)}),
		},
		{
			name: "WPA2 handshake offloaded to the driver",
			p:    ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412, Privacy: true, IEs: testRSNIE, RSN: rsn, PMK: testPSK},
			want: join(base(true), wpa2, []netlink.Attribute{aFlag(attrWant1X4WayHS), aBytes(attrPMK, testPSK), aBytes(attrIE, testRSNIE)}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests int
			owner := func(g genetlink.Message, n netlink.Message) ([]genetlink.Message, error) {
				requests++
				// A reply rather than a bare acknowledgement keeps the
				// test socket's reader waiting for events.
				return expect(t, cmdConnect, ack, tt.want, reply(t, cmdConnect))(g, n)
			}
			c := testClient(t, unexpected(t), owner)
			a, err := c.Connect(3, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if requests != 1 {
				t.Errorf("the owner socket got %d requests, want 1 CMD_CONNECT", requests)
			}
		})
	}
}

// unexpected fails the test on any request.
func unexpected(t *testing.T) genltest.Func {
	return func(g genetlink.Message, _ netlink.Message) ([]genetlink.Message, error) {
		t.Errorf("unexpected request, command %d", g.Header.Command)
		return nil, genltest.Error(95)
	}
}

func join(lists ...[]netlink.Attribute) []netlink.Attribute {
	var out []netlink.Attribute
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func TestKeyRequests(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	tk := []byte("0123456789abcdef")
	rsc := []byte{0x2a, 1, 0, 0, 0, 0}
	tests := []struct {
		name string
		cmd  uint8
		call func(c *Client) error
		want func(t *testing.T) []netlink.Attribute
	}{
		{
			name: "pairwise key",
			cmd:  cmdNewKey,
			call: func(c *Client) error { return c.NewKey(3, Key{Peer: ap, Cipher: 0x000fac04, Data: tk}) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aBytes(attrMAC, ap), aNested(t, attrKey,
					aBytes(keyData, tk), aU32(keyCipher, 0x000fac04), aU8(keyIdx, 0), aU32(keyType, keytypePairwise))}
			},
		},
		{
			name: "group key with its receive sequence counter",
			cmd:  cmdNewKey,
			call: func(c *Client) error { return c.NewKey(3, Key{Index: 2, Cipher: 0x000fac04, Data: tk, Seq: rsc}) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aNested(t, attrKey,
					aBytes(keyData, tk), aU32(keyCipher, 0x000fac04), aU8(keyIdx, 2), aBytes(keySeq, rsc), aU32(keyType, keytypeGroup))}
			},
		},
		{
			name: "default multicast key",
			cmd:  cmdSetKey,
			call: func(c *Client) error { return c.SetDefaultKey(3, 2) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aNested(t, attrKey,
					aU8(keyIdx, 2), aFlag(keyDefault), aNested(t, keyDefaultTypes, aFlag(keyDefaultTypeMulticast)))}
			},
		},
		{
			name: "authorize the port",
			cmd:  cmdSetStation,
			call: func(c *Client) error { return c.AuthorizePort(3, ap) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aBytes(attrMAC, ap), aBytes(attrStaFlags2, staFlagUpdate(2, 2))}
			},
		},
		{
			name: "EAPOL frame in the clear",
			cmd:  cmdControlPortFrame,
			call: func(c *Client) error { return c.SendControlPortFrame(3, ap, []byte{2, 3, 0, 0}, true) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aBytes(attrFrame, []byte{2, 3, 0, 0}),
					aU16(attrControlPortEthertype, 0x888e), aBytes(attrMAC, ap), aFlag(attrControlPortNoEncrypt), aFlag(attrDontWaitForAck)}
			},
		},
		{
			name: "EAPOL frame under the pairwise key",
			cmd:  cmdControlPortFrame,
			call: func(c *Client) error { return c.SendControlPortFrame(3, ap, []byte{2, 3, 0, 0}, false) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aBytes(attrFrame, []byte{2, 3, 0, 0}),
					aU16(attrControlPortEthertype, 0x888e), aBytes(attrMAC, ap), aFlag(attrDontWaitForAck)}
			},
		},
		{
			name: "disconnect",
			cmd:  cmdDisconnect,
			call: func(c *Client) error { return c.Disconnect(3, 3) },
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{aU32(attrIfindex, 3), aU16(attrReasonCode, 3)}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testClient(t, expect(t, tt.cmd, ack, tt.want(t)), nil)
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestKeyStringHidesKey(t *testing.T) {
	k := Key{Index: 1, Cipher: 0x000fac04, Data: []byte("SECRETSECRETSECR"), Seq: []byte{1, 0, 0, 0, 0, 0}}
	for _, s := range []string{k.String(), k.GoString()} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, "534543524554") {
			t.Errorf("Key description %q shows the key", s)
		}
	}
}
