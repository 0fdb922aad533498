package bench

import (
	"fmt"

	"github.com/airroot/airroot/e2e/artifact"
)

// The seed's programs, where Debian's packages put them.
const (
	Busybox       = "bin/busybox"
	WPASupplicant = "sbin/wpa_supplicant"
	IW            = "sbin/iw"
	DHCPCD        = "usr/sbin/dhcpcd"
)

// SeedPrograms are the seed's programs, relative to the sysroot.
var SeedPrograms = []string{Busybox, WPASupplicant, IW, DHCPCD}

// seedPins are bookworm's versions (apt-cache policy) of the seed's programs and of
// the packages holding every library they load, for armhf and armel alike;
// ResolveELF checks that nothing else is needed.
var seedPins = [][2]string{
	{"busybox-static", "1:1.35.0-4+deb12u1+b1"},
	{"wpasupplicant", "2:2.10-12+deb12u3"},
	{"iw", "5.19-1"},
	{"dhcpcd-base", "9.4.1-24~deb12u5"},
	{"libc6", "2.36-9+deb12u14"},
	{"libnl-3-200", "3.7.0-0.2+b1"},
	{"libnl-genl-3-200", "3.7.0-0.2+b1"},
	{"libnl-route-3-200", "3.7.0-0.2+b1"},
	{"libssl3", "3.0.20-1~deb12u2"},
	{"libpcsclite1", "1.9.9-2"},
	{"libdbus-1-3", "1.14.10-1~deb12u1"},
	{"libsystemd0", "252.39-1~deb12u2"},
	{"libcap2", "1:2.66-4+deb12u3+b1"},
	{"libgcrypt20", "1.10.1-3+deb12u1"},
	{"libgpg-error0", "1.46-1"},
	{"liblz4-1", "1.9.4-1"},
	{"liblzma5", "5.4.1-1+deb12u1"},
	{"libzstd1", "1.5.4+dfsg2-5"},
}

// SeedPackages are the pinned packages of the seed's userland for a Debian
// architecture (armhf for -M virt, armel for the ARMv6 raspi1ap): armel's OpenSSL
// also needs libatomic.
func SeedPackages(arch string) ([]artifact.DebPackage, error) {
	pins := seedPins
	switch arch {
	case "armhf":
	case "armel":
		pins = append(pins[:len(pins):len(pins)], [2]string{"libatomic1", "12.2.0-14+deb12u1"})
	default:
		return nil, fmt.Errorf("seed userland for %s: no pinned packages for that architecture (armhf, armel)", arch)
	}
	pkgs := make([]artifact.DebPackage, len(pins))
	for i, p := range pins {
		pkgs[i] = artifact.DebPackage{Package: p[0], Version: p[1], Arch: arch}
	}
	return pkgs, nil
}

// LibDirs are the folders Debian's dynamic loader searches for arch.
func LibDirs(arch string) []string {
	triplet := map[string]string{"armhf": "arm-linux-gnueabihf", "armel": "arm-linux-gnueabi"}[arch]
	return []string{"lib/" + triplet, "usr/lib/" + triplet, "lib", "usr/lib"}
}
