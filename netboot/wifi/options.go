package wifi

import (
	"io"
	"net"
	"time"

	"github.com/airroot/airroot/netboot/link"
	"github.com/airroot/airroot/netboot/nl80211"
)

// Radio is what Join needs from nl80211; *nl80211.Client implements it.
type Radio interface {
	Interfaces() ([]nl80211.Interface, error)
	Wiphy(index int) (*nl80211.Wiphy, error)
	Regulatory() (string, error)
	SetRegulatory(country string) error
	Subscribe(ifindex int) *nl80211.Subscription
	TriggerScan(ifindex int, r nl80211.ScanRequest) error
	AbortScan(ifindex int) error
	ScanResults(ifindex int) ([]nl80211.BSS, error)
	Connect(ifindex int, p nl80211.ConnectParams) (*nl80211.Association, error)
	Authenticate(ifindex int, p nl80211.AuthParams) error
	Associate(ifindex int, p nl80211.ConnectParams) (*nl80211.Association, error)
	Disconnect(ifindex int, reason uint16) error
	NewKey(ifindex int, k nl80211.Key) error
	SetDefaultKey(ifindex, index int) error
	AuthorizePort(ifindex int, peer net.HardwareAddr) error
	SendControlPortFrame(ifindex int, dst net.HardwareAddr, frame []byte, unencrypted bool) error
	ListenPAE(ifindex int) (*nl80211.PAE, error)
	SendFrame(ifindex int, frame []byte) error
	ExternalAuthDone(ifindex int, bssid net.HardwareAddr, ssid string, status uint16) error
	Close() error
}

// Options tune Join. The zero value works: it dials nl80211 and uses the
// timeouts below.
type Options struct {
	// Radio is the nl80211 client to use; nil dials one (retrying while
	// cfg80211 is not loaded yet), which the Session then owns.
	Radio Radio
	// Device, with Radio, is the interface and radio an earlier join on
	// it found (Session.Device): Join then neither looks for them again,
	// nor brings the interface up, nor sets the country.
	Device *Device

	Handshake HandshakeMode
	EAPOL     EAPOLPath

	InterfaceTimeout time.Duration // for the interface to appear; 10s
	// DevicesSettled, when set, holds the InterfaceTimeout back until it is
	// closed: Join may start while the radio's driver is still loading.
	DevicesSettled <-chan struct{}
	ScanTimeout    time.Duration // per scan; 10s
	// ScanPoll is how often a running scan's results are read, to stop it
	// once a good access point was heard; 50ms.
	ScanPoll         time.Duration
	Scans            int           // scans before "SSID not found"; 2
	AssociateTimeout time.Duration // for the CONNECT result; 10s
	// Message1Timeout is how long, once associated, the access point may
	// take to start the 4-way handshake (or, offloaded, to finish it); 5s.
	Message1Timeout time.Duration
	// Message3Timeout is how long the access point may take to answer our
	// first message 2; no answer means a wrong pass-phrase; 2s.
	Message3Timeout time.Duration
	// EAPOLStartPeriod is how long, once associated with an 802.1X
	// network, to wait for the access point's EAP-Request/Identity before
	// sending EAPOL-Start; the wait doubles for each of the next two; 2s.
	EAPOLStartPeriod time.Duration
	// RegulatoryTimeout is how long to wait for the kernel to apply the
	// country; 1s.
	RegulatoryTimeout time.Duration
	PollInterval      time.Duration // between looks for the interface; 250ms

	Log  func(format string, args ...any) // progress lines; nil: none
	Rand io.Reader                        // SNonce source; nil: crypto/rand
	Now  func() time.Time                 // the timeline's clock; nil: time.Now
	// ReadFile reads the certificate files of 802.1X networks; nil:
	// os.ReadFile. The keeper reads them from what it kept, since the
	// initramfs that held them is gone after switch_root.
	ReadFile func(name string) ([]byte, error)

	// PMKSA keeps SAE's and 802.1X's PMKs across joins, so a rejoin may
	// skip SAE or EAP; nil: none kept.
	PMKSA *PMKSACache
	// Avoid lists the access points that failed us lately, which a
	// join tries last (see Avoid); nil: none listed.
	Avoid *Avoid
	// Hint, for a rejoin, is where to look first (Session.RejoinHint);
	// the zero Hint scans every channel.
	Hint Hint

	// LinkUp brings an interface up; nil: link.Up.
	LinkUp func(name string) error
	// NetInterfaces names all network interfaces, for the error when no
	// wireless one appears; nil: net.Interfaces.
	NetInterfaces func() ([]string, error)
	// Driverless names the devices a radio may be that have no driver,
	// for the same error; nil: those under /sys, with what the running
	// kernel's modules tree says of each (driverlessHere).
	Driverless func() []string
	// Dial opens nl80211 when Radio is nil; nil: nl80211.Dial.
	Dial func() (Radio, error)
}

// withDefaults fills in the zero fields.
func (o Options) withDefaults() Options {
	dur := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	dur(&o.InterfaceTimeout, 10*time.Second)
	dur(&o.ScanTimeout, 10*time.Second)
	dur(&o.ScanPoll, 50*time.Millisecond)
	dur(&o.AssociateTimeout, 10*time.Second)
	dur(&o.Message1Timeout, 5*time.Second)
	dur(&o.Message3Timeout, 2*time.Second)
	dur(&o.EAPOLStartPeriod, 2*time.Second)
	dur(&o.RegulatoryTimeout, time.Second)
	dur(&o.PollInterval, 250*time.Millisecond)
	if o.Scans <= 0 {
		o.Scans = 2
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LinkUp == nil {
		o.LinkUp = link.Up
	}
	if o.NetInterfaces == nil {
		o.NetInterfaces = netInterfaces
	}
	if o.Dial == nil {
		o.Dial = dialNL80211
	}
	if o.Driverless == nil {
		o.Driverless = driverlessHere
	}
	return o
}

func dialNL80211() (Radio, error) {
	c, err := nl80211.Dial()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func netInterfaces() ([]string, error) {
	ifis, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(ifis))
	for i, ifi := range ifis {
		names[i] = ifi.Name
	}
	return names, nil
}
