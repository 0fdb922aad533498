package scenario

import (
	"fmt"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
)

// The keeper's soaks: after the switch the guest writes, reads back and verifies files
// on the NFS root for soakSeconds while the access point rekeys, deauthenticates the
// station or hands out short leases, and reports what the keeper did.
const (
	soakSeconds   = 60
	keeperTimeout = 10 * time.Minute
	maxReconnect  = 10 * time.Second
	shortLease    = 20 // seconds
	nakLease      = 90 // seconds: one renewal (T1, 45 s) in the soak's minute
	// dayLease is the lease of the DHCP bad days: T1 at 20 s and T2 at 35 s after the
	// boot's lease, the end at 40 s, all in the soak's minute (it begins some 4 s after
	// the lease), and the next T1 too. moveSeconds is how long the server leases
	// another address: less than the 20 s from T1 to the lease's end, when the
	// keeper asks for its address the last time before it must let it go.
	dayLease    = 40
	moveSeconds = 12
	// maxNAKRecovery bounds a NAK's recovery (INIT's exchanges); maxRebind the
	// rebinding (from the first unanswered renewal, T1, to T2: 15 s); maxMove the
	// moved address's (from T1 to the lease's end: 20 s), each with slack for the
	// emulator.
	maxNAKRecovery = 5 * time.Second
	maxRebind      = 20 * time.Second
	maxMove        = 25 * time.Second
	// maxKeeperCPU bounds the keeper's CPU over the NAK soak's minute: it tells a
	// keeper that spins after a NAK (8 s before the fix) from one that does not. It
	// is no speed target (those live in make bench): issue 18 asks for under 0.1 s,
	// which report.json's figure shows (the scenario RunsAlone so that the figure
	// means that). Taken from the threads' scheduler time it measured 0.073, 0.109
	// and 0.113 s in three runs on a host loaded by other work (0.090 with per-step
	// instrumentation), where whole clock ticks had given 0.07-0.12 s: the NAK's three DHCP exchanges (renewal, DISCOVER,
	// REQUEST) cost some 60 ms of it on emulated virt, INIT's packet socket and
	// exchanges half of that, the rest the keeper's quiet minute.
	maxKeeperCPU    = 0.3
	minRenewals     = 3
	minRekeys       = 10
	groupRekeyEvery = 5
	ptkRekeyEvery   = 15
	// crashAt is when the crash soak panics the keeper's worker; crashBack bounds the
	// new worker's start (the supervisor waits a second before the first restart).
	crashAt   = 15
	crashBack = 10 * time.Second
)

// keeperSoak is a WPA2 boot whose guest then soaks the keeper as k says, while the
// test bed does what faults say.
func keeperSoak(name string, k KeeperSoak, faults ...Fault) Scenario {
	s := wifiBoot(name, "virt", wpa2, keeperTimeout)
	if k.Soak.RSSAfterSeconds == 0 {
		k.Soak.RSSAfterSeconds = soakSeconds
	}
	s.Checks.Keeper, s.Faults = &k, faults
	return s
}

// rekeySoak: hostapd renews the group key every 5 s and the pairwise key every 15 s.
func rekeySoak() Scenario {
	return keeperSoak("virt-wifi-rekey", KeeperSoak{
		Soak:      guestproto.Soak{IOSeconds: soakSeconds},
		MinRekeys: minRekeys, MinGroupRekeys: 1, MinPairwiseRekeys: 1,
	}, Rekey{GroupEvery: groupRekeyEvery, PTKEvery: ptkRekeyEvery})
}

// deauthSoak: the access point deauthenticates the station twice during the I/O. Once
// back, the keeper confirms its lease (INIT-REBOOT) with QEMU's DHCP server.
func deauthSoak() Scenario {
	s := keeperSoak("virt-wifi-deauth", KeeperSoak{Soak: guestproto.Soak{IOSeconds: soakSeconds}},
		Deauth{At: []float64{15, 40}, MaxReconnect: maxReconnect})
	s.Checks.Require = append(s.Checks.Require, leaseConfirmed)
	return s
}

// leaseConfirmed is the keeper's line for a lease confirmed by QEMU's DHCP server
// after a rejoin.
var leaseConfirmed = Pattern{"airroot: ", "dhcp: confirmed 10.0.2.15 from 10.0.2.2"}

// leaseSoak: a DHCP server in the access point's namespace leases for 20 s, so the
// keeper renews every 10 s, and must keep its address. Its leases carry classless
// static routes (option 121) and an MTU (option 26): the keeper must set them.
func leaseSoak() Scenario {
	s := keeperSoak("virt-wifi-lease", KeeperSoak{
		Soak:        guestproto.Soak{IOSeconds: soakSeconds},
		MinRenewals: minRenewals,
	}, ShortLease{Seconds: shortLease})
	s.Checks.Require = append(s.Checks.Require, Pattern{"airroot: ",
		"dhcp: wlan0 got 10.0.2.100/24 from 10.0.2.1, router 10.0.2.2, routes " + testbed.RoutedNet + " via 10.0.2.2"},
		Pattern{"airroot: ", fmt.Sprintf("dhcp: wlan0's MTU is now %d, as the DHCP server says (option 26)", testbed.LeaseMTU)})
	return s
}

// nakSoak: the access point's DHCP server forgets the binding at the first renewal
// (T1, 45 s into a 90 s lease, during the I/O) and NAKs until the station starts over.
// The keeper must go back to INIT (a DISCOVER after the NAK, RFC 2131 figure 5) and get
// its address back, with no NFS I/O error and under maxKeeperCPU over the minute; a
// keeper that keeps renewing spins, NAKed, until the lease runs out.
func nakSoak() Scenario {
	s := keeperSoak("virt-wifi-lease-nak", KeeperSoak{
		Soak:          guestproto.Soak{IOSeconds: soakSeconds},
		MaxCPUSeconds: maxKeeperCPU,
		DHCPOutages:   1, MaxDHCPRecovery: maxNAKRecovery,
	}, ShortLease{Seconds: nakLease}, DHCPNak{Renewals: 1})
	s.Checks.Expect = append(s.Checks.Expect, fixtureSent("NAK"), fixtureSent("OFFER"), fixtureSent("ACK"))
	return s
}

// rebindSoak: the access point's DHCP server leaves the renewals of the boot's lease
// unanswered until T2; the keeper must rebind (a broadcast REQUEST, RFC 2131 4.4.5)
// and keep its address, with no NFS I/O error.
func rebindSoak() Scenario {
	s := keeperSoak("virt-wifi-lease-rebind", KeeperSoak{
		Soak:        guestproto.Soak{IOSeconds: soakSeconds},
		DHCPOutages: 1, MaxDHCPRecovery: maxRebind,
	}, ShortLease{Seconds: dayLease}, DHCPQuiet{Leases: 1})
	s.Checks.Require = append(s.Checks.Require, Pattern{"airroot: ", "dhcp: rebound 10.0.2.100 from 10.0.2.1"})
	return s
}

// movedSoak: at the first renewal the access point's DHCP server forgets the binding
// (a NAK) and offers another address for a while. The keeper must ask for its own
// (a DISCOVER with option 50), refuse the other while its lease runs (the NFS root is
// mounted over its address), say so at error level with the fix (a dhcp-host pin), and
// get its address back when the server gives it again, with no NFS I/O error.
func movedSoak() Scenario {
	s := keeperSoak("virt-wifi-lease-moved", KeeperSoak{
		Soak:        guestproto.Soak{IOSeconds: soakSeconds},
		DHCPOutages: 1, MaxDHCPRecovery: maxMove,
	}, ShortLease{Seconds: dayLease}, DHCPMove{Seconds: moveSeconds})
	s.Checks.Require = append(s.Checks.Require,
		Pattern{"airroot: ", "dhcp: INIT of 10.0.2.100 on wlan0: DHCP server 10.0.2.1 offers " + testbed.MovedAddr + " instead of 10.0.2.100",
			"cannot follow", "dhcp-host="},
		Pattern{"airroot: ", "dhcp: got 10.0.2.100 from 10.0.2.1"})
	s.Checks.Expect = append(s.Checks.Expect, fixtureSent("OFFER "+testbed.MovedAddr))
	return s
}

// cableSoak: 10 s into the I/O the harness pulls the board's cable for 5 s. The keeper
// says so, confirms its lease (INIT-REBOOT) with QEMU's DHCP server once the carrier
// is back, and the I/O goes on without an error.
func cableSoak() Scenario {
	s := Scenario{Name: "virt-ethernet-cable", Board: "virt", Network: Ethernet{}, Root: ganesha(""),
		Checks: newRoot(bootSteps), Timeout: keeperTimeout}
	s.Checks.Keeper = &KeeperSoak{Soak: guestproto.Soak{IOSeconds: cableSoakSeconds, RSSAfterSeconds: cableSoakSeconds}}
	s.Faults = []Fault{CablePull{At: 10, DownSeconds: 5}}
	s.Checks.Expect = append(s.Checks.Expect,
		Pattern{"airroot: ", "link: eth0 lost its carrier"},
		Pattern{"airroot: ", "link: eth0 has carrier again after "},
		Pattern{"airroot: ", "dhcp: confirmed 10.0.2.15 from 10.0.2.2"})
	return s
}

// cableSoakSeconds is the pulled cable's soak: the pull, its 5 s and the recovery.
const cableSoakSeconds = 30

// routerRestartSoak: 10 s into the I/O the access point restarts (hostapd killed, a
// new one 5 s later) and its DHCP server forgets the binding with it, as a router
// that keeps its leases in RAM. Once back, the keeper must confirm its lease
// (INIT-REBOOT), which the server records again: the renewal at the new T1, some
// 45 s into the I/O, is then ACKed. Without the confirmation the old T1, some 25 s
// in, would find the binding forgotten and be NAKed.
func routerRestartSoak() Scenario {
	s := keeperSoak("virt-wifi-router-restart", KeeperSoak{Soak: guestproto.Soak{IOSeconds: soakSeconds}},
		ShortLease{Seconds: routerLease},
		APRestart{At: attackAt, DownSeconds: restartDownSeconds, MaxReconnect: restartReconnect, DHCPForgets: true})
	s.Checks.Expect = append(s.Checks.Expect,
		Pattern{guestproto.FixtureLogPrefix + "dhcp: the access point restarted", "bindings forgotten"},
		Pattern{"airroot: ", "dhcp: confirmed 10.0.2.100 from 10.0.2.1"},
		Pattern{"airroot: ", "dhcp: renewed 10.0.2.100 from 10.0.2.1"})
	return s
}

// routerLease puts the boot lease's T1 after the access point's restart and the
// confirmed lease's T1 inside the soak's minute.
const routerLease = 60

// fixtureSent matches the access point's DHCP server's line for a reply of kind.
func fixtureSent(kind string) Pattern {
	return Pattern{guestproto.FixtureLogPrefix + "dhcp: " + kind + " "}
}

// idleSoak: nothing happens for 60 s; the keeper's CPU time over that minute and its
// memory after it.
func idleSoak() Scenario {
	return keeperSoak("virt-wifi-idle", KeeperSoak{Soak: guestproto.Soak{IdleSeconds: soakSeconds}})
}

// crashSoak: the guest panics the keeper's worker 15 s into the I/O (SIGUSR2 with the
// keeper's panic test armed from the kernel command line); the supervisor logs the
// crash and starts a new worker, which holds the link and the lease with no NFS I/O
// error.
func crashSoak() Scenario {
	s := keeperSoak("virt-wifi-keeper-crash", KeeperSoak{Soak: guestproto.Soak{IOSeconds: soakSeconds}},
		WorkerCrash{At: crashAt, MaxBack: crashBack})
	s.Boot.Cmdline = []string{panicTestArg}
	s.Checks.Require = append(s.Checks.Require,
		Pattern{"airroot: ", "keeper: worker ", " crashed: panic: keeper: SIGUSR2"},
		Pattern{"airroot: ", "keeper: worker ", " stack: "},
		Pattern{"airroot: ", "keeper: starting a new worker in "})
	return s
}
