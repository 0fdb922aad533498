package nl80211

// Values of the nl80211 ABI (include/uapi/linux/nl80211.h), spelled out so
// that the package builds everywhere; consts_linux_test.go checks them
// against golang.org/x/sys/unix.

// Generic netlink family and multicast group names.
const (
	familyName = "nl80211"
	groupMLME  = "mlme"
	groupScan  = "scan"
	groupReg   = "regulatory"
)

// Commands (enum nl80211_commands).
const (
	cmdGetWiphy         = 1
	cmdNewWiphy         = 3
	cmdGetInterface     = 5
	cmdNewInterface     = 7
	cmdSetKey           = 10
	cmdNewKey           = 11
	cmdSetStation       = 18
	cmdReqSetReg        = 27
	cmdGetReg           = 31
	cmdGetScan          = 32
	cmdTriggerScan      = 33
	cmdNewScanResults   = 34
	cmdScanAborted      = 35
	cmdRegChange        = 36
	cmdRegisterFrame    = 58
	cmdFrame            = 59
	cmdDeauthenticate   = 39
	cmdDisassociate     = 40
	cmdConnect          = 46
	cmdRoam             = 47
	cmdDisconnect       = 48
	cmdUnprotDeauth     = 70
	cmdUnprotDisassoc   = 71
	cmdWiphyRegChange   = 113
	cmdAbortScan        = 114
	cmdPortAuthorized   = 125
	cmdControlPortFrame = 129
)

// Attributes (enum nl80211_attrs).
const (
	attrWiphy                  = 1
	attrWiphyName              = 2
	attrIfindex                = 3
	attrIfname                 = 4
	attrIftype                 = 5
	attrMAC                    = 6
	attrRegAlpha2              = 33
	attrWiphyFreq              = 38
	attrIE                     = 42
	attrMaxNumScanSSIDs        = 43
	attrScanFrequencies        = 44
	attrScanSSIDs              = 45
	attrBSS                    = 47
	attrFrame                  = 51
	attrSSID                   = 52
	attrAuthType               = 53
	attrReasonCode             = 54
	attrCipherSuites           = 57
	attrTimedOut               = 65
	attrUseMFP                 = 66
	attrStaFlags2              = 67
	attrControlPort            = 68
	attrPrivacy                = 70
	attrDisconnectedByAP       = 71
	attrFrameMatch             = 91
	attrFrameType              = 101
	attrStatusCode             = 72
	attrCipherSuitesPairwise   = 73
	attrCipherSuiteGroup       = 74
	attrWPAVersions            = 75
	attrAKMSuites              = 76
	attrRespIE                 = 78
	attrKey                    = 80
	attrControlPortEthertype   = 102
	attrControlPortNoEncrypt   = 103
	attrDontWaitForAck         = 142
	attrWdev                   = 153
	attrSplitWiphyDump         = 174
	attrSocketOwner            = 204
	attrExtFeatures            = 217
	attrTimeoutReason          = 248
	attrPMK                    = 254
	attrWant1X4WayHS           = 257
	attrControlPortOverNL80211 = 264
)

// BSS attributes (enum nl80211_bss), nested in attrBSS.
const (
	bssBSSID               = 1
	bssFrequency           = 2
	bssBeaconInterval      = 4
	bssCapability          = 5
	bssInformationElements = 6
	bssSignalMBM           = 7
	bssStatus              = 9
	bssSeenMsAgo           = 10
	bssBeaconIEs           = 11
)

// Key attributes (enum nl80211_key_attributes), nested in attrKey.
const (
	keyData                 = 1
	keyIdx                  = 2
	keyCipher               = 3
	keySeq                  = 4
	keyDefault              = 5
	keyType                 = 7
	keyDefaultTypes         = 8
	keyDefaultTypeMulticast = 2 // in keyDefaultTypes
	keytypeGroup            = 0
	keytypePairwise         = 1
)

// Other values.
const (
	staFlagAuthorized  = 1 // enum nl80211_sta_flags
	authtypeOpenSystem = 0 // enum nl80211_auth_type
	wpaVersion2        = 2 // enum nl80211_wpa_versions
	mfpRequired        = 1 // enum nl80211_mfp
	bssStatusAssoc     = 1 // enum nl80211_bss_status: associated
	ethPPAE            = 0x888e
)
