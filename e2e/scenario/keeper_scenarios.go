package scenario

import (
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
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
	// maxKeeperCPU bounds the keeper's CPU over the NAK soak's minute: it tells a
	// keeper that spins after a NAK (8 s before the fix) from one that does not. It
	// is no speed target (those live in make bench): issue 18 asks for under 0.1 s,
	// which report.json's figure shows (the scenario RunsAlone so that the figure
	// means that); on a quiet machine it measured 0.07-0.12 s, a NAK costing three
	// DHCP exchanges (renewal, DISCOVER, REQUEST) of about 20 ms each on emulated
	// virt.
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

// deauthSoak: the access point deauthenticates the station twice during the I/O.
func deauthSoak() Scenario {
	return keeperSoak("virt-wifi-deauth", KeeperSoak{Soak: guestproto.Soak{IOSeconds: soakSeconds}},
		Deauth{At: []float64{15, 40}, MaxReconnect: maxReconnect})
}

// leaseSoak: a DHCP server in the access point's namespace leases for 20 s, so the
// keeper renews every 10 s, and must keep its address.
func leaseSoak() Scenario {
	return keeperSoak("virt-wifi-lease", KeeperSoak{
		Soak:        guestproto.Soak{IOSeconds: soakSeconds},
		MinRenewals: minRenewals,
	}, ShortLease{Seconds: shortLease})
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
	}, ShortLease{Seconds: nakLease}, DHCPNak{Renewals: 1})
	s.Checks.Expect = append(s.Checks.Expect, fixtureSent("NAK"), fixtureSent("OFFER"), fixtureSent("ACK"))
	return s
}

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
