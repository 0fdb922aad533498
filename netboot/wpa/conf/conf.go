package conf

import (
	"errors"
	"fmt"
	"net"

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

// KeyMgmt is a network's key management.
type KeyMgmt int

// Key management methods airroot supports.
const (
	KeyMgmtWPAPSK KeyMgmt = iota + 1 // key_mgmt=WPA-PSK: WPA2-Personal
	KeyMgmtNone                      // key_mgmt=NONE: an open network
)

func (k KeyMgmt) String() string {
	switch k {
	case KeyMgmtWPAPSK:
		return "WPA-PSK"
	case KeyMgmtNone:
		return "NONE"
	}
	return fmt.Sprintf("KeyMgmt(%d)", int(k))
}

// Network is one network={...} block.
type Network struct {
	Line       int              // line of "network={"; 0 for networks built in code
	SSID       string           // 1..32 bytes, not necessarily UTF-8
	KeyMgmt    KeyMgmt          // WPA-PSK or NONE
	PSK        [32]byte         // the PMK for WPA-PSK; zero for NONE
	ScanSSID   bool             // scan_ssid=1: probe for a hidden SSID
	Priority   int              // higher is preferred
	BSSID      net.HardwareAddr // nil: any access point
	FreqList   []int            // MHz; nil: any channel
	Disabled   bool             // disabled=1
	IEEE80211W wpa.MFP          // management frame protection policy
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

func (e *ParseError) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: %s: %v", e.File, e.Line, e.Key, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
