package scenario

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/netboot/keeper"
)

// Fault is something the test bed does wrong on purpose during a boot. Each kind is
// read where the test bed is set up (findFault) and checks that the scenario has room
// for it.
type Fault interface {
	validate(s Scenario) []error
}

// DeadNFS leaves the nfsroot= port closed: nothing listens.
type DeadNFS struct{}

func (DeadNFS) validate(Scenario) []error { return nil }

// NoRadio takes the board's radio away before /init runs, as when its driver is
// missing from the initramfs, and gives the board a USB controller whose driver the
// initramfs lacks too (the board's StickPort arguments): airroot must say that no radio
// came and name the device without a driver.
type NoRadio struct{}

func (NoRadio) validate(s Scenario) []error { return needWiFi(s, "a missing radio") }

// Rekey has the access point renew the group key every GroupEvery seconds and the
// pairwise key every PTKEvery seconds (hostapd's wpa_group_rekey, wpa_ptk_rekey).
type Rekey struct{ GroupEvery, PTKEvery int }

func (Rekey) validate(s Scenario) []error { return needWiFi(s, "rekeys") }

// ShortLease has a DHCP server in the access point's namespace lease for Seconds, and
// the access point route instead of bridging to slirp (whose leases last a day).
type ShortLease struct{ Seconds int }

func (ShortLease) validate(s Scenario) []error { return needWiFi(s, "a short lease") }

// DHCPNak has the access point's DHCP server forget the station's binding at its
// first Renewals renewals: it NAKs each, and every renewal or rebinding after it, until
// the station starts over (RFC 2131 figure 5: a NAK sends a client back to INIT).
type DHCPNak struct{ Renewals int }

func (n DHCPNak) validate(s Scenario) []error {
	return append(needDHCPSoak(s, "DHCP NAKs"), atLeastOne(n.Renewals, "DHCP NAKs at %d renewals")...)
}

// DHCPQuiet has the access point's DHCP server leave the renewals of its first Leases
// leases unanswered until their T2, as a server that is away for a while: the station
// must rebind (broadcast, RFC 2131 4.4.5) and keep its address.
type DHCPQuiet struct{ Leases int }

func (q DHCPQuiet) validate(s Scenario) []error {
	return append(needDHCPSoak(s, "quiet renewals"), atLeastOne(q.Leases, "quiet renewals of %d leases")...)
}

// DHCPMove has the access point's DHCP server forget the station's binding at its
// first renewal (a NAK) and lease another address (testbed.MovedAddr) for Seconds,
// whatever the station asks for, then its own again, as a server that lost its leases
// until its admin pins the station's address. The station must keep its address
// (the NFS root is mounted over it), say so at error level, and get it back.
type DHCPMove struct{ Seconds int }

func (m DHCPMove) validate(s Scenario) []error {
	errs := append(needDHCPSoak(s, "a moved address"), atLeastOne(m.Seconds, "a move for %d s")...)
	if _, ok := findFault[DHCPNak](s); ok {
		errs = append(errs, errors.New("a moved address NAKs the first renewal itself: drop DHCPNak"))
	}
	return errs
}

// needDHCPSoak reports what s lacks for a fault of the access point's DHCP server
// during a keeper soak.
func needDHCPSoak(s Scenario, what string) []error {
	var errs []error
	if !hasDHCPServer(s) {
		errs = append(errs, fmt.Errorf("%s need the access point's DHCP server: set ShortLease or WiFi.AP.DHCP", what))
	}
	if s.Checks.Keeper == nil {
		errs = append(errs, fmt.Errorf("%s strike at renewals, during a keeper soak: set Checks.Keeper", what))
	}
	return errs
}

// atLeastOne reports a count (what, a format with one %d) below 1.
func atLeastOne(n int, what string) []error {
	if n < 1 {
		return []error{fmt.Errorf(what+": want at least 1", n)}
	}
	return nil
}

// Deauth has the access point deauthenticate the station at each of At (seconds into
// the keeper soak's I/O); the keeper must reconnect within MaxReconnect each time.
// Silently, the access point forgets the station without a word, as one that was
// killed and restarted has: with PMF the station hears only the unprotected
// deauthentication it then gets for its next frame, and must find out by SA Query.
type Deauth struct {
	At           []float64
	MaxReconnect time.Duration
	Silently     bool
}

// stationInterface is the station's radio, which Deauth names to hostapd.
const stationInterface = "wlan0"

func (d Deauth) validate(s Scenario) []error {
	errs := needWiFi(s, "deauthentications")
	k := s.Checks.Keeper
	if k == nil {
		return append(errs, errors.New("deauthentications happen during a keeper soak: set Checks.Keeper"))
	}
	if d.MaxReconnect <= 0 {
		errs = append(errs, errors.New("deauthentications need MaxReconnect"))
	}
	for _, at := range d.At {
		if at < 0 || at >= k.Soak.IOSeconds {
			errs = append(errs, fmt.Errorf("deauthentication at %v s is outside the %v s of I/O", at, k.Soak.IOSeconds))
		}
	}
	return errs
}

// Inject has the attacker's radio (a monitor in the access point's namespace) send
// Frame, from the access point's address to the station, At seconds into the keeper
// soak's I/O, and capture what the station sends from then on. The station must not
// lose its link, nor its file I/O, nor answer in the clear unless Answered.
type Inject struct {
	At    float64
	Frame guestproto.AttackFrame
	// Answered: the station answers Frame in the clear. Without PMF it takes an EAPOL
	// message 1 in the clear for an access point restarting the handshake (as
	// wpa_supplicant does: nothing tells the two apart, and a forged deauthentication
	// gets an attacker the same pair); with PMF it drops it.
	Answered bool
}

func (in Inject) validate(s Scenario) []error {
	errs := needWiFi(s, "injected frames")
	switch in.Frame {
	case guestproto.FrameDeauth:
	case guestproto.FrameEAPOLMessage1:
		w, ok := s.Network.(WiFi)
		switch {
		case ok && w.AP.Passphrase == "":
			errs = append(errs, errors.New("an injected EAPOL message 1 needs a WPA2 access point"))
		case ok && (w.AP.PMF == 0) != in.Answered:
			errs = append(errs, fmt.Errorf("an injected EAPOL message 1 with PMF %d: Answered must be %v (answered exactly without PMF)", w.AP.PMF, w.AP.PMF == 0))
		}
	default:
		errs = append(errs, fmt.Errorf("injected frame %q: want %s or %s", in.Frame, guestproto.FrameDeauth, guestproto.FrameEAPOLMessage1))
	}
	k := s.Checks.Keeper
	if k == nil {
		return append(errs, errors.New("injected frames come during a keeper soak: set Checks.Keeper"))
	}
	if in.At < 0 || in.At >= k.Soak.IOSeconds {
		errs = append(errs, fmt.Errorf("injection at %v s is outside the %v s of I/O", in.At, k.Soak.IOSeconds))
	}
	return errs
}

// FirstNetwork has the access point serve AP (another network on the same SSID, an
// open one, say) for Seconds before it becomes the scenario's own.
type FirstNetwork struct {
	AP      testbed.AccessPoint
	Seconds float64
}

func (f FirstNetwork) validate(s Scenario) []error {
	errs := needWiFi(s, "a first network")
	if err := f.AP.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("first network: %w", err))
	}
	if f.Seconds <= 0 {
		errs = append(errs, fmt.Errorf("first network for %v s: want a positive time", f.Seconds))
	}
	return errs
}

func needWiFi(s Scenario, what string) []error {
	if !isWiFi(s) {
		return []error{fmt.Errorf("%s need a Wi-Fi network", what)}
	}
	return nil
}

// findFault returns s's fault of kind F, if it has one.
func findFault[F Fault](s Scenario) (F, bool) {
	for _, f := range s.Faults {
		if f, ok := f.(F); ok {
			return f, true
		}
	}
	var zero F
	return zero, false
}

// APRestart has the access point killed At seconds into the keeper soak's I/O and a
// new one started DownSeconds later: hostapd dies of SIGKILL, its radio goes quiet,
// the station's keys die with it; the new hostapd knows nothing of the station. The
// keeper must notice, rejoin within MaxReconnect, and the I/O go on without an error.
// NewChannel, when set, is the channel the new access point comes back on: the
// station's rejoin on the old channel finds nothing, and it must scan them all.
type APRestart struct {
	At, DownSeconds float64
	MaxReconnect    time.Duration
	NewChannel      int
	// DHCPForgets has the access point's own DHCP server forget its binding as
	// hostapd is replaced: a router that restarts with its Wi-Fi and keeps its
	// leases in RAM (guestproto.FixtureDHCP.ForgetOnAPRestart).
	DHCPForgets bool
}

// describe names r for report.json.
func (r APRestart) describe() string {
	d := fmt.Sprintf("access point down %v s", r.DownSeconds)
	if r.DHCPForgets {
		d += ", its DHCP server's bindings forgotten"
	}
	if r.NewChannel != 0 {
		d += fmt.Sprintf(", back on channel %d", r.NewChannel)
	}
	return d
}

func (r APRestart) validate(s Scenario) []error {
	errs := needWiFi(s, "access point restarts")
	if _, ok := findFault[FirstNetwork](s); ok {
		errs = append(errs, errors.New("an access point restart and a first network: the fixture cannot do both"))
	}
	if w, ok := s.Network.(WiFi); ok && r.NewChannel != 0 && (r.NewChannel < 1 || r.NewChannel > 13 || r.NewChannel == w.AP.ChannelOrDefault()) {
		errs = append(errs, fmt.Errorf("an access point restart on channel %d: want another 2.4 GHz channel (1-13) than the first", r.NewChannel))
	}
	if r.DownSeconds <= 0 || r.MaxReconnect <= 0 {
		errs = append(errs, fmt.Errorf("an access point restart needs DownSeconds (%v) and MaxReconnect (%v)", r.DownSeconds, r.MaxReconnect))
	}
	if r.DHCPForgets {
		errs = append(errs, needDHCPSoak(s, "bindings forgotten at an access point restart")...)
	}
	return append(errs, duringIO(s, "access point restart", r.At)...)
}

// WorkerCrash has the guest send the keeper's worker SIGUSR2 At seconds into the
// keeper soak's I/O; with keeper.PanicTestEnv on the kernel command line, a goroutine
// of the worker panics. The supervisor must start a new worker within MaxBack, the
// link and the lease must hold, the I/O go on without an error.
type WorkerCrash struct {
	At      float64
	MaxBack time.Duration
}

func (c WorkerCrash) validate(s Scenario) []error {
	errs := needWiFi(s, "keeper crashes")
	if !slices.Contains(s.Boot.Cmdline, panicTestArg) {
		errs = append(errs, fmt.Errorf("a keeper crash needs %s on the kernel command line", panicTestArg))
	}
	if c.MaxBack <= 0 {
		errs = append(errs, errors.New("a keeper crash needs MaxBack"))
	}
	return append(errs, duringIO(s, "keeper crash", c.At)...)
}

// panicTestArg arms the keeper's panic test: the kernel puts an unknown word with an
// '=' in PID 1's environment, and the keeper's allow-list lets this one through.
const panicTestArg = keeper.PanicTestEnv + "=1"

// duringIO reports whether at falls in s's keeper soak's I/O.
func duringIO(s Scenario, what string, at float64) []error {
	k := s.Checks.Keeper
	if k == nil {
		return []error{fmt.Errorf("the %s strikes during a keeper soak's I/O: set Checks.Keeper", what)}
	}
	if at < 0 || at >= k.Soak.IOSeconds {
		return []error{fmt.Errorf("%s at %v s is outside the %v s of I/O", what, at, k.Soak.IOSeconds)}
	}
	return nil
}

// Roam adds a second access point for the same network on Channel (a hostapd of its
// own on a third radio), bridged to the same wired network (the lease and the NFS root stay good through either), and
// switches off the one the station is on At seconds into the keeper soak's I/O
// (SIGKILL to its hostapd, a power cut: no deauthentication, the beacons stop): the
// keeper must notice, find the other and join it within MaxReconnect.
type Roam struct {
	At           float64
	Channel      int
	MaxReconnect time.Duration
}

func (r Roam) validate(s Scenario) []error {
	errs := needWiFi(s, "a roam")
	if w, ok := s.Network.(WiFi); ok && (r.Channel < 1 || r.Channel > 13 || r.Channel == w.AP.ChannelOrDefault()) {
		errs = append(errs, fmt.Errorf("a second access point on channel %d: want another 2.4 GHz channel (1-13) than the first", r.Channel))
	}
	_, restart := findFault[APRestart](s)
	_, inject := findFault[Inject](s)
	if restart || inject || hasDHCPServer(s) {
		errs = append(errs, errors.New("a second access point takes the third radio and the bridge: no access point restart, injection or DHCP server beside it"))
	}
	if r.MaxReconnect <= 0 {
		errs = append(errs, errors.New("a roam needs MaxReconnect"))
	}
	return append(errs, duringIO(s, "roam", r.At)...)
}
