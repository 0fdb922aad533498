package artifact

import (
	"context"
	"fmt"
	"os"
)

// Dnsmasq is where Debian's dnsmasq-base package puts dnsmasq.
const Dnsmasq = "/usr/sbin/dnsmasq"

// dnsmasqPackages are the pinned packages that make dnsmasq run, by Debian
// architecture: dnsmasq-base and the libraries its ELF closure loads (D-Bus brings
// libsystemd and its compressors; nftables, conntrack and IDN their own). The versions
// are bookworm's; ResolveELF checks that nothing else is needed.
func dnsmasqPackages(arch string) ([]DebPackage, error) {
	var names [][2]string
	switch arch {
	case "armhf":
		names = append(names, [2]string{"liblzma5", "5.4.1-1+deb12u2"}, [2]string{"libzstd1", "1.5.4+dfsg2-5+deb12u1"})
	case "armel":
		names = append(names, [2]string{"liblzma5", "5.4.1-1+deb12u1"}, [2]string{"libzstd1", "1.5.4+dfsg2-5"})
	default:
		return nil, fmt.Errorf("dnsmasq for %s: no pinned packages for that architecture (armhf, armel)", arch)
	}
	names = append(names,
		[2]string{"dnsmasq-base", "2.90-4~deb12u2"},
		[2]string{"libc6", "2.36-9+deb12u14"},
		[2]string{"libcap2", "1:2.66-4+deb12u3+b1"},
		[2]string{"libdbus-1-3", "1.14.10-1~deb12u1"},
		[2]string{"libgcrypt20", "1.10.1-3+deb12u1"},
		[2]string{"libgmp10", "2:6.2.1+dfsg1-1.1"},
		[2]string{"libgpg-error0", "1.46-1"},
		[2]string{"libhogweed6", "3.8.1-2"},
		[2]string{"libidn2-0", "2.3.3-1+b1"},
		[2]string{"libjansson4", "2.14-2"},
		[2]string{"liblz4-1", "1.9.4-1"},
		[2]string{"libmnl0", "1.0.4-3"},
		[2]string{"libnetfilter-conntrack3", "1.0.9-3"},
		[2]string{"libnettle8", "3.8.1-2"},
		[2]string{"libnfnetlink0", "1.0.2-2"},
		[2]string{"libnftables1", "1.0.6-2+deb12u2"},
		[2]string{"libnftnl11", "1.2.4-2"},
		[2]string{"libsystemd0", "252.39-1~deb12u2"},
		[2]string{"libunistring2", "1.0-2"},
		[2]string{"libxtables12", "1.8.9-2"},
	)
	return pinnedPackages(arch, names), nil
}

// FetchDnsmasq returns dnsmasq for arch from cache/userland, downloading its packages
// into cache/debs and extracting them first when needed.
func FetchDnsmasq(ctx context.Context, cache, arch string) (Userland, error) {
	dir, err := fetchSysroot(ctx, cache, "dnsmasq", arch, dnsmasqPackages)
	if err != nil {
		return Userland{}, err
	}
	return resolveDnsmasq(dir, arch)
}

// resolveDnsmasq lists dnsmasq and what it loads in sysroot: all of it keeps
// running after the switch.
func resolveDnsmasq(sysroot, arch string) (Userland, error) {
	files, err := ResolveELF(os.DirFS(sysroot), multiarchLibDirs(arch), Dnsmasq)
	if err != nil {
		return Userland{}, fmt.Errorf("dnsmasq in %s (delete the folder to extract it again): %w", sysroot, err)
	}
	return Userland{Sysroot: sysroot, Files: files, Running: files, RunningBytes: TotalSize(files)}, nil
}
