package nl80211

import (
	"encoding/binary"
	"errors"
	"syscall"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/genetlink/genltest"
	"github.com/mdlayher/netlink"
)

const (
	ack  = netlink.Request | netlink.Acknowledge
	dump = netlink.Request | netlink.Dump
)

func TestInterfaces(t *testing.T) {
	wlan0 := testutil.MAC(t, "02:00:00:00:01:00")
	c := testClient(t, expect(t, cmdGetInterface, dump, nil,
		reply(t, cmdNewInterface, aU32(attrIfindex, 3), aString(attrIfname, "wlan0"), aU32(attrWiphy, 0),
			aU32(attrIftype, 2), aBytes(attrMAC, wlan0)),
		reply(t, cmdNewInterface, aU32(attrWiphy, 0), aU32(attrIftype, 10)), // a P2P device: no netdev
	), nil)
	got, err := c.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	want := []Interface{{Index: 3, Name: "wlan0", Wiphy: 0, MAC: wlan0, Type: InterfaceStation}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Interfaces (-want +got):\n%s", diff)
	}
}

func TestWiphy(t *testing.T) {
	ciphers := binary.NativeEndian.AppendUint32(nil, 0x000fac01)    // WEP-40
	ciphers = binary.NativeEndian.AppendUint32(ciphers, 0x000fac04) // CCMP
	features := []byte{0, 0x80, 0, 0x04}                            // bits 15 and 26
	c := testClient(t, expect(t, cmdGetWiphy, dump, []netlink.Attribute{aFlag(attrSplitWiphyDump), aU32(attrWiphy, 1)},
		reply(t, cmdNewWiphy, aU32(attrWiphy, 1), aString(attrWiphyName, "phy1"), aU8(attrMaxNumScanSSIDs, 4)),
		reply(t, cmdNewWiphy, aU32(attrWiphy, 1), aBytes(attrCipherSuites, ciphers)),
		reply(t, cmdNewWiphy, aU32(attrWiphy, 1), aBytes(attrExtFeatures, features)),
	), nil)
	w, err := c.Wiphy(1)
	if err != nil {
		t.Fatal(err)
	}
	want := &Wiphy{Index: 1, Name: "phy1", ExtFeatures: features, Ciphers: []uint32{0x000fac01, 0x000fac04}, MaxScanSSIDs: 4}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("Wiphy (-want +got):\n%s", diff)
	}
	for _, f := range []ExtFeature{ExtFeature4WayHandshakeSTAPSK, ExtFeatureControlPortOverNL80211} {
		if !w.Has(f) {
			t.Errorf("Has(%d) = false, want true", f)
		}
	}
	if w.Has(16) || w.Has(200) || w.Has(-1) {
		t.Error("Has reports features that are not set")
	}
	if !w.SupportsCipher(0x000fac04) || w.SupportsCipher(0x000fac02) {
		t.Errorf("SupportsCipher: CCMP %v TKIP %v, want true false", w.SupportsCipher(0x000fac04), w.SupportsCipher(0x000fac02))
	}
}

func TestRegulatory(t *testing.T) {
	c := testClient(t, expect(t, cmdGetReg, netlink.Request, nil, reply(t, cmdGetReg, aString(attrRegAlpha2, "DE"))), nil)
	got, err := c.Regulatory()
	if err != nil || got != "DE" {
		t.Errorf("Regulatory() = %q, %v, want DE", got, err)
	}
}

func TestSetRegulatory(t *testing.T) {
	c := testClient(t, expect(t, cmdReqSetReg, ack, []netlink.Attribute{aString(attrRegAlpha2, "DE")}), nil)
	if err := c.SetRegulatory("DE"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetRegulatory("DEU"); err == nil {
		t.Error("SetRegulatory(DEU) succeeded, want an error")
	}
}

func TestTriggerScan(t *testing.T) {
	tests := []struct {
		name string
		req  ScanRequest
		want func(t *testing.T) []netlink.Attribute
	}{
		{
			name: "passive",
			want: func(t *testing.T) []netlink.Attribute { return []netlink.Attribute{aU32(attrIfindex, 3)} },
		},
		{
			name: "hidden SSID and wildcard on two channels",
			req:  ScanRequest{SSIDs: []string{"hidden", ""}, Frequencies: []int{2412, 5180}},
			want: func(t *testing.T) []netlink.Attribute {
				return []netlink.Attribute{
					aU32(attrIfindex, 3),
					aNested(t, attrScanSSIDs, aBytes(1, []byte("hidden")), aBytes(2, nil)),
					aNested(t, attrScanFrequencies, aU32(1, 2412), aU32(2, 5180)),
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testClient(t, expect(t, cmdTriggerScan, ack, tt.want(t)), nil)
			if err := c.TriggerScan(3, tt.req); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestScanResults(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	ies := []byte{0, 4, 'h', 'o', 'm', 'e', 48, 2, 1, 0}
	c := testClient(t, expect(t, cmdGetScan, dump, []netlink.Attribute{aU32(attrIfindex, 3)},
		reply(t, cmdNewScanResults, aU32(attrIfindex, 3), aNested(t, attrBSS,
			aBytes(bssBSSID, ap), aU32(bssFrequency, 2412), aU16(bssCapability, 0x11),
			aBytes(bssInformationElements, ies), aU32(bssSignalMBM, uint32(0xffffffff-4500+1)))),
	), nil)
	got, err := c.ScanResults(3)
	if err != nil {
		t.Fatal(err)
	}
	want := []BSS{{BSSID: ap, Frequency: 2412, Signal: -4500, SSID: "home", Capability: 0x11, RSNE: ies[6:], IEs: ies}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ScanResults (-want +got):\n%s", diff)
	}
}

func TestErrnoReachesCaller(t *testing.T) {
	c := testClient(t, func(genetlink.Message, netlink.Message) ([]genetlink.Message, error) {
		return nil, genltest.Error(int(syscall.EBUSY))
	}, nil)
	err := c.TriggerScan(3, ScanRequest{})
	if !errors.Is(err, syscall.EBUSY) {
		t.Errorf("TriggerScan error %v, want EBUSY", err)
	}
}
