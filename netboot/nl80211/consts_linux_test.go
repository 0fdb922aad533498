package nl80211

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestConstantsMatchUnix checks the values spelled out in consts.go
// against golang.org/x/sys/unix, which is generated from the kernel's
// headers.
func TestConstantsMatchUnix(t *testing.T) {
	tests := []struct {
		name      string
		got, want int
	}{
		{"cmdGetWiphy", cmdGetWiphy, unix.NL80211_CMD_GET_WIPHY},
		{"cmdAuthenticate", cmdAuthenticate, unix.NL80211_CMD_AUTHENTICATE},
		{"cmdAssociate", cmdAssociate, unix.NL80211_CMD_ASSOCIATE},
		{"attrSAEData", attrSAEData, unix.NL80211_ATTR_SAE_DATA},
		{"authtypeSAE", authtypeSAE, unix.NL80211_AUTHTYPE_SAE},
		{"cmdNewWiphy", cmdNewWiphy, unix.NL80211_CMD_NEW_WIPHY},
		{"cmdGetInterface", cmdGetInterface, unix.NL80211_CMD_GET_INTERFACE},
		{"cmdNewInterface", cmdNewInterface, unix.NL80211_CMD_NEW_INTERFACE},
		{"cmdSetKey", cmdSetKey, unix.NL80211_CMD_SET_KEY},
		{"cmdNewKey", cmdNewKey, unix.NL80211_CMD_NEW_KEY},
		{"cmdSetStation", cmdSetStation, unix.NL80211_CMD_SET_STATION},
		{"cmdReqSetReg", cmdReqSetReg, unix.NL80211_CMD_REQ_SET_REG},
		{"cmdGetReg", cmdGetReg, unix.NL80211_CMD_GET_REG},
		{"cmdGetScan", cmdGetScan, unix.NL80211_CMD_GET_SCAN},
		{"cmdTriggerScan", cmdTriggerScan, unix.NL80211_CMD_TRIGGER_SCAN},
		{"cmdNewScanResults", cmdNewScanResults, unix.NL80211_CMD_NEW_SCAN_RESULTS},
		{"cmdScanAborted", cmdScanAborted, unix.NL80211_CMD_SCAN_ABORTED},
		{"cmdRegChange", cmdRegChange, unix.NL80211_CMD_REG_CHANGE},
		{"cmdDeauthenticate", cmdDeauthenticate, unix.NL80211_CMD_DEAUTHENTICATE},
		{"cmdDisassociate", cmdDisassociate, unix.NL80211_CMD_DISASSOCIATE},
		{"cmdConnect", cmdConnect, unix.NL80211_CMD_CONNECT},
		{"cmdRegisterFrame", cmdRegisterFrame, unix.NL80211_CMD_REGISTER_FRAME},
		{"cmdFrame", cmdFrame, unix.NL80211_CMD_FRAME},
		{"cmdUnprotDeauth", cmdUnprotDeauth, unix.NL80211_CMD_UNPROT_DEAUTHENTICATE},
		{"cmdUnprotDisassoc", cmdUnprotDisassoc, unix.NL80211_CMD_UNPROT_DISASSOCIATE},
		{"attrFrameMatch", attrFrameMatch, unix.NL80211_ATTR_FRAME_MATCH},
		{"attrFrameType", attrFrameType, unix.NL80211_ATTR_FRAME_TYPE},
		{"cmdRoam", cmdRoam, unix.NL80211_CMD_ROAM},
		{"cmdDisconnect", cmdDisconnect, unix.NL80211_CMD_DISCONNECT},
		{"cmdWiphyRegChange", cmdWiphyRegChange, unix.NL80211_CMD_WIPHY_REG_CHANGE},
		{"cmdAbortScan", cmdAbortScan, unix.NL80211_CMD_ABORT_SCAN},
		{"cmdPortAuthorized", cmdPortAuthorized, unix.NL80211_CMD_PORT_AUTHORIZED},
		{"cmdControlPortFrame", cmdControlPortFrame, unix.NL80211_CMD_CONTROL_PORT_FRAME},
		{"attrWiphy", attrWiphy, unix.NL80211_ATTR_WIPHY},
		{"attrWiphyBands", attrWiphyBands, unix.NL80211_ATTR_WIPHY_BANDS},
		{"bandAttrFreqs", bandAttrFreqs, unix.NL80211_BAND_ATTR_FREQS},
		{"frequencyAttrFreq", frequencyAttrFreq, unix.NL80211_FREQUENCY_ATTR_FREQ},
		{"frequencyAttrOff", frequencyAttrOff, unix.NL80211_FREQUENCY_ATTR_DISABLED},
		{"frequencyAttrNoIR", frequencyAttrNoIR, unix.NL80211_FREQUENCY_ATTR_NO_IR},
		{"frequencyAttrRadar", frequencyAttrRadar, unix.NL80211_FREQUENCY_ATTR_RADAR},
		{"attrWiphyName", attrWiphyName, unix.NL80211_ATTR_WIPHY_NAME},
		{"attrIfindex", attrIfindex, unix.NL80211_ATTR_IFINDEX},
		{"attrIfname", attrIfname, unix.NL80211_ATTR_IFNAME},
		{"attrIftype", attrIftype, unix.NL80211_ATTR_IFTYPE},
		{"attrMAC", attrMAC, unix.NL80211_ATTR_MAC},
		{"attrRegAlpha2", attrRegAlpha2, unix.NL80211_ATTR_REG_ALPHA2},
		{"attrWiphyFreq", attrWiphyFreq, unix.NL80211_ATTR_WIPHY_FREQ},
		{"attrIE", attrIE, unix.NL80211_ATTR_IE},
		{"attrMaxNumScanSSIDs", attrMaxNumScanSSIDs, unix.NL80211_ATTR_MAX_NUM_SCAN_SSIDS},
		{"attrScanFrequencies", attrScanFrequencies, unix.NL80211_ATTR_SCAN_FREQUENCIES},
		{"attrScanSSIDs", attrScanSSIDs, unix.NL80211_ATTR_SCAN_SSIDS},
		{"attrBSS", attrBSS, unix.NL80211_ATTR_BSS},
		{"attrFrame", attrFrame, unix.NL80211_ATTR_FRAME},
		{"attrSSID", attrSSID, unix.NL80211_ATTR_SSID},
		{"attrAuthType", attrAuthType, unix.NL80211_ATTR_AUTH_TYPE},
		{"attrReasonCode", attrReasonCode, unix.NL80211_ATTR_REASON_CODE},
		{"attrCipherSuites", attrCipherSuites, unix.NL80211_ATTR_CIPHER_SUITES},
		{"attrTimedOut", attrTimedOut, unix.NL80211_ATTR_TIMED_OUT},
		{"attrUseMFP", attrUseMFP, unix.NL80211_ATTR_USE_MFP},
		{"attrStaFlags2", attrStaFlags2, unix.NL80211_ATTR_STA_FLAGS2},
		{"attrControlPort", attrControlPort, unix.NL80211_ATTR_CONTROL_PORT},
		{"attrPrivacy", attrPrivacy, unix.NL80211_ATTR_PRIVACY},
		{"attrDisconnectedByAP", attrDisconnectedByAP, unix.NL80211_ATTR_DISCONNECTED_BY_AP},
		{"attrStatusCode", attrStatusCode, unix.NL80211_ATTR_STATUS_CODE},
		{"attrCipherSuitesPairwise", attrCipherSuitesPairwise, unix.NL80211_ATTR_CIPHER_SUITES_PAIRWISE},
		{"attrCipherSuiteGroup", attrCipherSuiteGroup, unix.NL80211_ATTR_CIPHER_SUITE_GROUP},
		{"attrWPAVersions", attrWPAVersions, unix.NL80211_ATTR_WPA_VERSIONS},
		{"attrAKMSuites", attrAKMSuites, unix.NL80211_ATTR_AKM_SUITES},
		{"attrRespIE", attrRespIE, unix.NL80211_ATTR_RESP_IE},
		{"attrKey", attrKey, unix.NL80211_ATTR_KEY},
		{"attrControlPortEthertype", attrControlPortEthertype, unix.NL80211_ATTR_CONTROL_PORT_ETHERTYPE},
		{"attrControlPortNoEncrypt", attrControlPortNoEncrypt, unix.NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT},
		{"attrDontWaitForAck", attrDontWaitForAck, unix.NL80211_ATTR_DONT_WAIT_FOR_ACK},
		{"attrWdev", attrWdev, unix.NL80211_ATTR_WDEV},
		{"attrSplitWiphyDump", attrSplitWiphyDump, unix.NL80211_ATTR_SPLIT_WIPHY_DUMP},
		{"attrSocketOwner", attrSocketOwner, unix.NL80211_ATTR_SOCKET_OWNER},
		{"attrExtFeatures", attrExtFeatures, unix.NL80211_ATTR_EXT_FEATURES},
		{"attrTimeoutReason", attrTimeoutReason, unix.NL80211_ATTR_TIMEOUT_REASON},
		{"attrPMK", attrPMK, unix.NL80211_ATTR_PMK},
		{"attrWant1X4WayHS", attrWant1X4WayHS, unix.NL80211_ATTR_WANT_1X_4WAY_HS},
		{"attrControlPortOverNL80211", attrControlPortOverNL80211, unix.NL80211_ATTR_CONTROL_PORT_OVER_NL80211},
		{"bssBSSID", bssBSSID, unix.NL80211_BSS_BSSID},
		{"bssFrequency", bssFrequency, unix.NL80211_BSS_FREQUENCY},
		{"bssBeaconInterval", bssBeaconInterval, unix.NL80211_BSS_BEACON_INTERVAL},
		{"bssCapability", bssCapability, unix.NL80211_BSS_CAPABILITY},
		{"bssInformationElements", bssInformationElements, unix.NL80211_BSS_INFORMATION_ELEMENTS},
		{"bssSignalMBM", bssSignalMBM, unix.NL80211_BSS_SIGNAL_MBM},
		{"bssStatus", bssStatus, unix.NL80211_BSS_STATUS},
		{"bssSeenMsAgo", bssSeenMsAgo, unix.NL80211_BSS_SEEN_MS_AGO},
		{"bssBeaconIEs", bssBeaconIEs, unix.NL80211_BSS_BEACON_IES},
		{"keyData", keyData, unix.NL80211_KEY_DATA},
		{"keyIdx", keyIdx, unix.NL80211_KEY_IDX},
		{"keyCipher", keyCipher, unix.NL80211_KEY_CIPHER},
		{"keySeq", keySeq, unix.NL80211_KEY_SEQ},
		{"keyDefault", keyDefault, unix.NL80211_KEY_DEFAULT},
		{"keyType", keyType, unix.NL80211_KEY_TYPE},
		{"keyDefaultTypes", keyDefaultTypes, unix.NL80211_KEY_DEFAULT_TYPES},
		{"keyDefaultTypeMulticast", keyDefaultTypeMulticast, unix.NL80211_KEY_DEFAULT_TYPE_MULTICAST},
		{"keytypeGroup", keytypeGroup, unix.NL80211_KEYTYPE_GROUP},
		{"keytypePairwise", keytypePairwise, unix.NL80211_KEYTYPE_PAIRWISE},
		{"staFlagAuthorized", staFlagAuthorized, unix.NL80211_STA_FLAG_AUTHORIZED},
		{"authtypeOpenSystem", authtypeOpenSystem, unix.NL80211_AUTHTYPE_OPEN_SYSTEM},
		{"wpaVersion2", wpaVersion2, unix.NL80211_WPA_VERSION_2},
		{"mfpRequired", mfpRequired, unix.NL80211_MFP_REQUIRED},
		{"bssStatusAssoc", bssStatusAssoc, unix.NL80211_BSS_STATUS_ASSOCIATED},
		{"ethPPAE", ethPPAE, unix.ETH_P_PAE},
		{"InterfaceStation", int(InterfaceStation), unix.NL80211_IFTYPE_STATION},
		{"InterfaceAP", int(InterfaceAP), unix.NL80211_IFTYPE_AP},
		{"InterfaceMonitor", int(InterfaceMonitor), unix.NL80211_IFTYPE_MONITOR},
		{"InterfaceP2PDevice", int(InterfaceP2PDevice), unix.NL80211_IFTYPE_P2P_DEVICE},
		{"ExtFeature4WayHandshakeSTAPSK", int(ExtFeature4WayHandshakeSTAPSK), unix.NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK},
		{"ExtFeatureControlPortOverNL80211", int(ExtFeatureControlPortOverNL80211), unix.NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s = %d, the kernel's value is %d", tt.name, tt.got, tt.want)
			}
		})
	}
	names := map[string]string{groupMLME: unix.NL80211_MULTICAST_GROUP_MLME, groupScan: unix.NL80211_MULTICAST_GROUP_SCAN,
		groupReg: unix.NL80211_MULTICAST_GROUP_REG, familyName: unix.NL80211_GENL_NAME}
	for ours, kernel := range names {
		if ours != kernel {
			t.Errorf("name %q, the kernel's is %q", ours, kernel)
		}
	}
}
