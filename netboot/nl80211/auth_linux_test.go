package nl80211

import (
	"testing"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"

	"github.com/airroot/airroot/internal/testutil"
)

func TestAuthenticate(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	commit := []byte{1, 0, 0, 0, 19, 0, 0xaa}
	want := []netlink.Attribute{aU32(attrIfindex, 3), aBytes(attrMAC, ap), aU32(attrWiphyFreq, 2412),
		aBytes(attrSSID, []byte("home")), aU32(attrAuthType, authtypeSAE), aBytes(attrSAEData, commit)}
	c := testClient(t, expect(t, cmdAuthenticate, ack, want), nil)
	if err := c.Authenticate(3, AuthParams{BSSID: ap, Frequency: 2412, SSID: "home", SAEData: commit}); err != nil {
		t.Fatal(err)
	}
}

// Associate sends what CONNECT would, less the authentication type and
// the privacy flag, from the socket that will own the connection.
func TestAssociate(t *testing.T) {
	ap := testutil.MAC(t, "02:00:00:00:00:01")
	p := ConnectParams{SSID: "home", BSSID: ap, Frequency: 2412, Privacy: true, IEs: testRSNIE,
		RSN: &RSN{Pairwise: 0x000fac04, Group: 0x000fac04, AKM: 0x000fac08, MFP: true}, ControlPortOverNL80211: true}
	want := []netlink.Attribute{aU32(attrIfindex, 3), aU32(attrWiphyFreq, 2412), aBytes(attrMAC, ap),
		aBytes(attrSSID, []byte("home")), aFlag(attrSocketOwner),
		aU32(attrWPAVersions, 2), aU32(attrCipherSuitesPairwise, 0x000fac04), aU32(attrCipherSuiteGroup, 0x000fac04),
		aU32(attrAKMSuites, 0x000fac08), aU32(attrUseMFP, 1), aFlag(attrControlPort), aU16(attrControlPortEthertype, 0x888e),
		aFlag(attrControlPortOverNL80211), aBytes(attrIE, testRSNIE)}
	var requests int
	owner := func(g genetlink.Message, n netlink.Message) ([]genetlink.Message, error) {
		requests++
		return expect(t, cmdAssociate, ack, want, reply(t, cmdAssociate))(g, n)
	}
	c := testClient(t, unexpected(t), owner)
	a, err := c.Associate(3, p)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if requests != 1 {
		t.Errorf("the owner socket got %d requests, want 1 CMD_ASSOCIATE", requests)
	}
}
