package conf

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/airroot/airroot/netboot/wpa"
)

// DefaultFile is the file name errors and warnings use.
const DefaultFile = "wpa_supplicant.conf"

// Sentinel errors; test with errors.Is. Pass-phrase errors wrap
// wpa.ErrPassphrase.
var (
	// ErrSyntax reports a line or value that does not parse.
	ErrSyntax = errors.New("syntax error")
	// ErrUnsupported reports a setting airroot cannot honour, such as
	// key_mgmt=WPA-EAP.
	ErrUnsupported = wpa.ErrUnsupported
)

// KeyMgmt is a network's key management: NONE alone, or a set of the
// pre-shared key and 802.1X AKMs (key_mgmt= lists them separated by
// spaces).
type KeyMgmt int

// Key management methods airroot supports, as bits of a set.
const (
	KeyMgmtWPAPSK       KeyMgmt = 1 << iota // key_mgmt=WPA-PSK: WPA2-Personal (AKM 00-0F-AC:2)
	KeyMgmtNone                             // key_mgmt=NONE: an open network
	KeyMgmtWPAPSKSHA256                     // key_mgmt=WPA-PSK-SHA256: AKM 00-0F-AC:6
	KeyMgmtWPAEAP                           // key_mgmt=WPA-EAP: WPA2-Enterprise (AKM 00-0F-AC:1)
	KeyMgmtWPAEAPSHA256                     // key_mgmt=WPA-EAP-SHA256: AKM 00-0F-AC:5
	KeyMgmtSAE                              // key_mgmt=SAE: WPA3-Personal (AKM 00-0F-AC:8)
)

var keyMgmtNames = []struct {
	k    KeyMgmt
	name string
}{{KeyMgmtWPAPSK, "WPA-PSK"}, {KeyMgmtWPAPSKSHA256, "WPA-PSK-SHA256"}, {KeyMgmtSAE, "SAE"}, {KeyMgmtNone, "NONE"},
	{KeyMgmtWPAEAP, "WPA-EAP"}, {KeyMgmtWPAEAPSHA256, "WPA-EAP-SHA256"}}

// PSK reports whether k uses the pre-shared key (WPA-PSK or
// WPA-PSK-SHA256, which share the PSK).
func (k KeyMgmt) PSK() bool { return k&(KeyMgmtWPAPSK|KeyMgmtWPAPSKSHA256) != 0 }

// EAP reports whether k uses 802.1X (WPA-EAP or WPA-EAP-SHA256).
func (k KeyMgmt) EAP() bool { return k&(KeyMgmtWPAEAP|KeyMgmtWPAEAPSHA256) != 0 }

// valid reports whether k is NONE alone or a non-empty set of the password
// AKMs (PSK and SAE) and the 802.1X ones.
func (k KeyMgmt) valid() bool {
	secured := KeyMgmtWPAPSK | KeyMgmtWPAPSKSHA256 | KeyMgmtSAE | KeyMgmtWPAEAP | KeyMgmtWPAEAPSHA256
	return k == KeyMgmtNone || k != 0 && k&^secured == 0
}

// String spells k as key_mgmt= does: "WPA-PSK WPA-PSK-SHA256".
func (k KeyMgmt) String() string {
	if !k.valid() {
		return fmt.Sprintf("KeyMgmt(%d)", int(k))
	}
	var names []string
	for _, n := range keyMgmtNames {
		if k&n.k != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " ")
}

// Network is one network={...} block.
type Network struct {
	Line     int              // line of "network={"; 0 for networks built in code
	SSID     string           // 1..32 bytes, not necessarily UTF-8
	KeyMgmt  KeyMgmt          // WPA-PSK, WPA-PSK-SHA256 and/or SAE, or NONE
	PSK      [32]byte         // the PMK for WPA-PSK; zero for NONE
	ScanSSID bool             // scan_ssid=1: probe for a hidden SSID
	Priority int              // higher is preferred
	BSSID    net.HardwareAddr // nil: any access point
	FreqList []int            // MHz; nil: any channel
	// ScanFreq (scan_freq=) are the channels (MHz) to scan for the network,
	// as wpa_supplicant reads it: unlike FreqList it does not refuse an
	// access point found elsewhere. nil: any channel.
	ScanFreq      []int
	Disabled      bool    // disabled=1
	IEEE80211W    wpa.MFP // management frame protection policy
	GroupCCMPOnly bool    // group= leaves TKIP out: a TKIP group cipher is refused
	EAP           *EAP    // the 802.1X settings with key_mgmt=WPA-EAP, nil otherwise

	// SAEPassword is the SAE password (sae_password=, or psk="..."), kept
	// as given because SAE cannot start from a hash of it; "" without SAE.
	SAEPassword   string
	SAEPasswordID string // sae_password_id=; "" for none
	SAEPWE        SAEPWE // sae_pwe=
	// SAEGroups are the SAE groups to propose, in order: the file's
	// global sae_groups=; nil for the default, 19 20 21.
	SAEGroups []int
}

// Policy is what the network lets the supplicant accept from an access
// point.
func (n Network) Policy() wpa.Policy {
	p := wpa.Policy{MFP: n.IEEE80211W, RefuseTKIPGroup: n.GroupCCMPOnly}
	if n.KeyMgmt&KeyMgmtWPAPSK != 0 {
		p.AKMs = append(p.AKMs, wpa.AKMPSK)
	}
	if n.KeyMgmt&KeyMgmtWPAPSKSHA256 != 0 {
		p.AKMs = append(p.AKMs, wpa.AKMPSKSHA256)
	}
	if n.KeyMgmt&KeyMgmtWPAEAP != 0 {
		p.AKMs = append(p.AKMs, wpa.AKM8021X)
	}
	if n.KeyMgmt&KeyMgmtWPAEAPSHA256 != 0 {
		p.AKMs = append(p.AKMs, wpa.AKM8021XSHA256)
	}
	if n.KeyMgmt&KeyMgmtSAE != 0 {
		p.AKMs = append(p.AKMs, wpa.AKMSAE)
	}
	return p
}

// String describes the network without its PSK.
func (n Network) String() string {
	return fmt.Sprintf("network %q %s priority %d", n.SSID, n.KeyMgmt, n.Priority)
}

// GoString describes the network without its PSK, also for %#v.
func (n Network) GoString() string { return n.String() }

// Config is a parsed wpa_supplicant.conf.
type Config struct {
	Country  string // ISO 3166-1 alpha-2 regulatory domain, "" if unset
	Networks []Network

	SAEPWE SAEPWE // global sae_pwe=, the default of the networks after it
	// SAEGroups is the global sae_groups=, given to every SAE network;
	// nil when absent or empty (wpa_supplicant's default, 19 20 21).
	SAEGroups []int
}

// Warning is something in the file airroot ignores.
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string { return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg) }

// ParseError is a fatal problem at one line of the file.
type ParseError struct {
	File string
	Line int
	Key  string // the setting, "" when the line as a whole is wrong
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.what()) }

// what is the problem without where it is: the setting, if any, and why.
func (e *ParseError) what() string {
	if e.Key == "" {
		return e.Err.Error()
	}
	return e.Key + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
