package scenario

import (
	"os"
	"strconv"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// Issue 16's bad days: the NFS server killed during the root's writes, the access
// point gone and back on another channel, the one in use of two switched off, the
// keeper over a long soak. Each must lose nothing and leave PID 1 alive; report.json
// sums each up (BadDay, SoakFigures).
const (
	// nfsDownSeconds is how long the NFS server is gone. After it the client's
	// TCP reconnection, backing off from 3 s (the kernel's xprtsock), comes up to
	// that much later; nfsMaxStall bounds the whole stall.
	nfsDownSeconds = 20
	nfsMaxStall    = 60 * time.Second
	badDayAt       = 10
	nfsSoakSeconds = 70
	// apDownSeconds is how long the access point is gone before it comes back on
	// apNewChannel (the first is the default channel 6).
	apDownSeconds = 30
	apNewChannel  = 11
	apMaxBack     = 60 * time.Second
	// apSoakSeconds leaves room for the I/O to resume: after the link's 35 s
	// outage the NFS client's TCP retransmissions have backed off (RFC 6298 5.5), and
	// it first wrote again 59 s after the kill (22 s after the keys).
	apSoakSeconds = 100
	// roamChannel is the second access point's channel; roamMaxReconnect bounds
	// the station's move to it: the lost link noticed (beacons missed), a try on
	// the old channel, a scan of all of them, a handshake.
	roamChannel      = 1
	roamMaxReconnect = 30 * time.Second
	roamSoakSeconds  = 60
	// LongSoakEnv, in seconds, shortens the long soak from longSoakSeconds (issue
	// 16: ten minutes) when developing.
	LongSoakEnv      = "AIRROOT_E2E_LONG_SOAK_SECONDS"
	longSoakSeconds  = 600
	longSoakSample   = 60
	longSoakIOEvery  = 1
	longSoakPTKEvery = 30
	// maxRSSGrowthKiB bounds the keeper's VmRSS growth over the long soak: a leak of
	// a few KiB a rekey (120 group rekeys in ten minutes) passes it, but not one
	// that grows with time; the keeper's VmRSS is about 11 MiB.
	maxRSSGrowthKiB = 2048
)

func badDayScenarios() []Scenario {
	nfs := keeperSoak("virt-wifi-nfs-restart", KeeperSoak{Soak: guestproto.Soak{IOSeconds: nfsSoakSeconds}},
		NFSRestart{At: badDayAt, DownSeconds: nfsDownSeconds, MaxStall: nfsMaxStall})
	nfs.Root.Server = Ganesha // the server users run, killed and started again
	moved := keeperSoak("virt-wifi-ap-moves", KeeperSoak{Soak: guestproto.Soak{IOSeconds: apSoakSeconds}},
		APRestart{At: badDayAt, DownSeconds: apDownSeconds, MaxReconnect: apMaxBack, NewChannel: apNewChannel})
	moved.Checks = moved.Checks.requiring(Pattern{"airroot: ", "wifi: reconnected after ", "2462 MHz"})
	return []Scenario{nfs, moved, roamSoak(), longSoak(longSoakLength(os.Getenv(LongSoakEnv)))}
}

// roamSoak: a second access point for the network on roamChannel; the one the
// station is on loses power 10 s into the I/O (its hostapd killed) and the keeper
// must come back on the other. Switching it off with hostapd's DISABLE instead left
// the other access point's hostapd without management frames on virt (its beacons
// went on, but its -d log showed none of the station's probe requests or
// authentications, which went unanswered): a fault on the access points' side of
// the emulation, not of the station, which roams once the other is really gone.
func roamSoak() Scenario {
	return keeperSoak("virt-wifi-roam", KeeperSoak{Soak: guestproto.Soak{IOSeconds: roamSoakSeconds}},
		Roam{At: badDayAt, Channel: roamChannel, MaxReconnect: roamMaxReconnect})
}

// longSoak: hostapd renews the group key every 5 s and the pairwise key every 30 s
// for seconds, while the guest writes and verifies a file a second and samples the
// keeper's VmRSS and CPU time each minute.
func longSoak(seconds float64) Scenario {
	group := int(seconds) / groupRekeyEvery
	s := keeperSoak("virt-wifi-long-soak", KeeperSoak{
		Soak: guestproto.Soak{IOSeconds: seconds, IOEverySeconds: longSoakIOEvery,
			SampleEverySeconds: min(longSoakSample, seconds/2), RSSAfterSeconds: seconds},
		MinRekeys: group / 2, MinGroupRekeys: group / 2, MinPairwiseRekeys: 1,
		MaxRSSGrowthKiB: maxRSSGrowthKiB,
	}, Rekey{GroupEvery: groupRekeyEvery, PTKEvery: longSoakPTKEvery})
	s.Timeout = keeperTimeout + time.Duration(seconds)*time.Second
	return s
}

// longSoakLength is the long soak's length: env's seconds when it holds a positive
// number, else longSoakSeconds.
func longSoakLength(env string) float64 {
	if v, err := strconv.ParseFloat(env, 64); err == nil && v > 0 {
		return v
	}
	return longSoakSeconds
}
