package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/testbed"
)

// Network is how the board reaches its NFS root: Ethernet or WiFi; or NoNetwork.
type Network interface {
	// modules are airroot's modules on b over this network, before nfsModules.
	modules(b machine.Board) []string
	// rdinit is the first program the kernel runs.
	rdinit() string
	validate(b machine.Board) []error
}

// Ethernet is the board's own NIC on QEMU's user network, where slirp serves DHCP.
type Ethernet struct{}

func (Ethernet) modules(b machine.Board) []string { return slices.Clone(b.Modules) }

func (Ethernet) rdinit() string { return "/init" }

func (Ethernet) validate(machine.Board) []error { return nil }

// NoNetwork is the board without its NIC (machine.Board.WithoutNIC) and without a
// radio: nothing to boot an NFS root over, so appliance mode only, whose app proves
// itself on the console. On raspi1ap it frees the one USB port for a stick.
type NoNetwork struct{}

func (NoNetwork) modules(machine.Board) []string { return nil }

func (NoNetwork) rdinit() string { return "/init" }

func (NoNetwork) validate(machine.Board) []error { return nil }

// hasNIC reports whether s boots its board with its NIC.
func hasNIC(s Scenario) bool {
	_, none := s.Network.(NoNetwork)
	return !none
}

// board is s's board as it boots: without its NIC for NoNetwork.
func (s Scenario) board() (machine.Board, bool) {
	b, ok := machine.Boards[s.Board]
	if !hasNIC(s) {
		b = b.WithoutNIC()
	}
	return b, ok
}

// server is the host as s's guest reaches it; "" when the board has no NIC.
func (s Scenario) server() string {
	if !hasNIC(s) {
		return ""
	}
	return machine.HostAddr
}

// WiFi has the fixture run first and raise AP, bridged to QEMU's network, and airroot
// join it as Station says.
type WiFi struct {
	AP      testbed.AccessPoint
	Station Station
}

// Station is what airroot is given to join a Wi-Fi scenario's access point.
type Station struct {
	// Config is the wpa_supplicant.conf text airroot reads.
	Config string
	// Modules are more modules for airroot's initramfs (cmac for PMF).
	Modules []string
	// KeyPassphrase, when set, encrypts the EAP-TLS client key beside Config
	// (PKCS#8, PBES2 with AES-256, by the host's openssl); Config names it in
	// private_key_passwd=.
	KeyPassphrase string
}

// wifiStationModules are airroot's modules in Wi-Fi scenarios, before nfsModules: the
// radio's driver and CCMP's ccm and ctr (aes and cbc are built in). The wired NIC's
// driver is not among them: the NIC belongs to the access point.
var wifiStationModules = []string{"mac80211_hwsim", "cfg80211", "mac80211", "ccm", "ctr"}

func (w WiFi) modules(machine.Board) []string {
	return append(slices.Clone(wifiStationModules), w.Station.Modules...)
}

func (WiFi) rdinit() string { return guestproto.FixturePath }

func (w WiFi) validate(b machine.Board) []error {
	var errs []error
	if !strings.Contains(w.Station.Config, "network={") {
		errs = append(errs, errors.New("station configuration has no network={...} block"))
	}
	if b.Name != "" && b.NIC == "" {
		errs = append(errs, fmt.Errorf("board %s names no NIC to bridge to the access point", b.Name))
	}
	return errs
}

// isWiFi reports whether s boots over Wi-Fi.
func isWiFi(s Scenario) bool {
	_, ok := s.Network.(WiFi)
	return ok
}

// nfsModules are the modules every NFSv3-root scenario needs besides the network's.
var nfsModules = []string{"nfs", "nfsv3"}

// nfs4Modules are nfsModules for an NFSv4 root: without nfsv4 the kernel's nfs module
// fails mount(2) type nfs4 with EPROTONOSUPPORT (its request for nfsv4 finds nothing).
var nfs4Modules = []string{"nfs", "nfsv4"}

// modules are the NFS modules r needs.
func (r Root) modules() []string {
	if r.v4() {
		return nfs4Modules
	}
	return nfsModules
}

// WiFiBed is the Wi-Fi test bed of s on b, with its faults applied; false for a
// wired scenario.
func (s Scenario) WiFiBed(b machine.Board) (testbed.WiFiBed, bool) {
	w, ok := s.Network.(WiFi)
	if !ok {
		return testbed.WiFiBed{}, false
	}
	bed := testbed.WiFiBed{AP: w.AP, NIC: b.NIC, NICModules: b.Modules, OnDemand: s.Boot.Autoload != nil}
	if r, ok := findFault[Rekey](s); ok {
		bed.AP.GroupRekey, bed.AP.PTKRekey = r.GroupEvery, r.PTKEvery
	}
	bed.AP.DHCP = s.dhcpServer(w.AP.DHCP)
	_, bed.Monitor = findFault[Inject](s)
	if r, ok := findFault[APRestart](s); ok {
		bed.RestartDownSeconds, bed.RestartChannel = r.DownSeconds, r.NewChannel
	}
	if r, ok := findFault[Roam](s); ok {
		bed.SecondChannel = r.Channel
	}
	if f, ok := findFault[FirstNetwork](s); ok {
		bed.First = &testbed.FirstNetwork{AP: f.AP, Seconds: f.Seconds}
	}
	_, bed.NoStationRadio = findFault[NoRadio](s)
	return bed, true
}

// dhcpServer is the access point's DHCP server in s, base with s's ShortLease,
// DHCPNak, DHCPQuiet and DHCPMove faults and its root-path applied; nil when s has neither base nor ShortLease.
func (s Scenario) dhcpServer(base *testbed.DHCPServer) *testbed.DHCPServer {
	l, short := findFault[ShortLease](s)
	if base == nil && !short {
		return nil
	}
	var d testbed.DHCPServer
	if base != nil {
		d = *base
	}
	if short {
		d.LeaseSeconds = l.Seconds
	}
	if n, ok := findFault[DHCPNak](s); ok {
		d.NakRenewals = n.Renewals
	}
	if q, ok := findFault[DHCPQuiet](s); ok {
		d.QuietLeases = q.Leases
	}
	if m, ok := findFault[DHCPMove](s); ok {
		d.NakRenewals, d.MoveSeconds = 1, m.Seconds
	}
	if r, ok := findFault[APRestart](s); ok {
		d.ForgetOnAPRestart = r.DHCPForgets
	}
	if s.Root.PathFromDHCP {
		d.RootPath = s.Root.exportPath()
		if d.Dnsmasq { // as users write it in dnsmasq.conf: dhcp-option=17,SERVER:/PATH
			d.RootPath = machine.HostAddr + ":" + d.RootPath
		}
	}
	return &d
}

// hasDHCPServer reports whether s's access point serves DHCP itself.
func hasDHCPServer(s Scenario) bool {
	w, ok := s.Network.(WiFi)
	return ok && s.dhcpServer(w.AP.DHCP) != nil
}

// airrootModules are the modules airroot's configuration names for s on b, and the
// ones that only go in (names or folders of the modules tree).
func airrootModules(s Scenario, b machine.Board) (load, include []string) {
	include = append(s.CardModules(b), s.stickModulesFor(b)...)
	if a := s.Boot.Autoload; a != nil {
		return a.Load, append(a.Include, include...)
	}
	return s.StationModules(b), include
}

// StationModules are the modules an init needs to boot s's network on b and mount
// NFS: the radio's stack and CCMP's ciphers over Wi-Fi, the NIC's driver over
// Ethernet, then nfsModules.
func (s Scenario) StationModules(b machine.Board) []string {
	if s.appliance() {
		return s.Network.modules(b) // no NFS
	}
	return append(s.Network.modules(b), s.Root.modules()...)
}

// Ports are where the NFS server listens on this machine; Mount 0 is NFS's port (go-nfs
// serves MOUNT and NFS on one).
type Ports struct{ NFS, Mount int }

// mount is the MOUNT port.
func (p Ports) mount() int {
	if p.Mount == 0 {
		return p.NFS
	}
	return p.Mount
}

// KernelCmdline joins the board's parameters, the NFS-root parameters for ports and the
// scenario's own, in that order. Wi-Fi scenarios start the fixture rather than /init.
func KernelCmdline(b machine.Board, s Scenario, ports Ports) string {
	params := append([]string{}, b.Cmdline...)
	ip := "ip=dhcp"
	if s.Boot.StaticIP != nil {
		ip = s.Boot.StaticIP.param()
	}
	params = append(params, "rdinit="+s.Network.rdinit(), ip)
	if !s.appliance() {
		params = append(params, "root=/dev/nfs", "nfsroot="+nfsroot(s.Root, ports), "rw")
	}
	return strings.Join(append(params, s.Boot.Cmdline...), " ")
}

// nfsroot is nfsroot='s value for r served on port: without a directory when DHCP's
// root-path gives it (the kernel's nfsroot.rst: nfsroot= is merged over root-path).
// NFSv4 has no MOUNT protocol (RFC 7530 section 16.1): the client looks the path up
// under the server's pseudo root on the NFS port itself.
func nfsroot(r Root, ports Ports) string {
	server := machine.HostAddr + ":" + r.exportPath()
	if r.PathFromDHCP {
		server = machine.HostAddr
	}
	if r.v4() {
		return server + ",vers=" + r.Vers + ",proto=tcp,port=" + strconv.Itoa(ports.NFS)
	}
	return server + ",vers=3,proto=tcp,port=" + strconv.Itoa(ports.NFS) + ",mountport=" + strconv.Itoa(ports.mount()) + ",mountproto=tcp"
}
