package nfsroot

import (
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var fuzzSeeds = []string{
	"192.168.1.2:/srv/pi,vers=3", "/srv/nfs/%s", "10.0.0.1:/srv,tcp,port=2049,nfsvers=4.1",
	"[2001:db8::1]:/srv", "nas.lan:/export", "10.0.0.1:default,v4", "", "default",
	"/dev/nfs", "dhcp", "nfs:10.0.0.1:/srv:vers=3,tcp", "nfs4:[fe80::1%wlan0]:/srv",
	"nfs://10.0.0.1:2049/srv", "10.0.0.1:/srv/pi", "PARTUUID=6c586e13-02",
	"192.168.1.2:/srv/pi:vers=3,tcp", "10.0.0.1:/srv:tcp:v4.2", "/srv/2024:05,tcp", "/srv/pi:nfsver=3",
	"nfs:vers=4,tcp:10.0.0.1:/srv/pi", "nfs:tcp:fe80::1:/srv:port=2049", "nfs:vers=3:[2001:db8::1]:/srv",
}

// FuzzParseNFSRoot checks that ParseNFSRoot never panics, that what it accepts is well
// formed, that no NFS options are left after a colon in the path, that String parses back
// to the same Spec, and that Mount's data has no key twice.
func FuzzParseNFSRoot(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseNFSRoot(in)
		if err != nil {
			return
		}
		checkSpec(t, in, s)
		if _, opts := cutColonOptions(s.Path); opts != "" {
			t.Errorf("ParseNFSRoot(%q): path %q still ends in options %q after a colon", in, s.Path, opts)
		}
		again, err := ParseNFSRoot(s.String())
		if err != nil {
			t.Fatalf("ParseNFSRoot(%q) = %+v; its String %q does not parse: %v", in, s, s.String(), err)
		}
		if diff := cmp.Diff(s, again); diff != "" {
			t.Fatalf("ParseNFSRoot(%q) then String %q then ParseNFSRoot (-first +second):\n%s", in, s.String(), diff)
		}
	})
}

// FuzzParseRoot checks that ParseRoot never panics, that what it accepts as NFS is well
// formed, and that Mount's data has no key twice.
func FuzzParseRoot(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, isNFS, err := ParseRoot(in)
		if err != nil && !isNFS {
			t.Fatalf("ParseRoot(%q): an error (%v) for something that is not NFS", in, err)
		}
		if err != nil || !isNFS {
			return
		}
		checkSpec(t, in, s)
	})
}

func checkSpec(t *testing.T, in string, s Spec) {
	t.Helper()
	if s.Path != "" && !strings.HasPrefix(s.Path, "/") {
		t.Errorf("%q: path %q is not absolute", in, s.Path)
	}
	if s.Version < 2 || s.Version > 4 {
		t.Errorf("%q: version %d", in, s.Version)
	}
	for _, o := range s.Options {
		if o == "" || strings.ContainsAny(o, ", ") {
			t.Errorf("%q: option %q", in, o)
		}
	}
	board := Identity{Addr: netip.MustParseAddr("10.0.0.5"), MAC: net.HardwareAddr{0xb8, 0x27, 0xeb, 1, 2, 3},
		Hostname: "pi", Serial: "10000000a1b2c3d4"}
	resolved, err := s.ResolveFor(board, "10.0.0.1")
	if err != nil {
		t.Fatalf("%q: Resolve: %v", in, err)
	}
	if !strings.Contains(s.Path, "%%") && strings.Contains(resolved.Path, "%") {
		t.Errorf("%q: resolved path %q still holds a %% sequence", in, resolved.Path)
	}
	m := resolved.Mount(netip.MustParseAddr("10.0.0.1"))
	if (m.FSType == "nfs4") != (s.Version == 4) {
		t.Errorf("%q: version %d mounted as %s", in, s.Version, m.FSType)
	}
	keys := map[string]bool{}
	for _, o := range strings.Split(m.Data, ",") {
		k := optionKey(o)
		if keys[k] {
			t.Errorf("%q: mount data %q sets %q twice", in, m.Data, k)
		}
		keys[k] = true
	}
	if !keys["addr"] || (s.Version != 4 && !keys["lock"]) || (s.Version != 4 && !keys["vers"]) {
		t.Errorf("%q: mount data %q misses a default", in, m.Data)
	}
}
