package cmdline

import (
	"slices"
	"strings"
	"testing"

	"github.com/airroot/airroot/modload"
	"github.com/airroot/airroot/netboot/nfsroot"
	"github.com/google/go-cmp/cmp"
)

var fuzzSeeds = []string{
	"console=serial0,115200 console=tty1 root=/dev/nfs nfsroot=192.168.1.2:/srv/pi,vers=3 rw ip=dhcp rootwait\n",
	`airroot.ssid="My Home" airroot.psk=x root=nfs4:10.0.0.1:/srv -- single "a b"`,
	`a=x"b c"d "k=v w" =a=b foo=" ""`,
	"modules-load=brcmfmac,cfg80211 brcmfmac.feature-disable=0x82000 panic=-1 init=/sbin/init",
}

// FuzzSplit checks Split against a plain field split when there are no quotes, and that
// quoting each parameter again gives the same parameters back.
func FuzzSplit(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Split(in)
		if !strings.Contains(in, `"`) {
			text, _, _ := strings.Cut(in, "\x00")
			want := strings.FieldsFunc(text, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
			if !slices.Equal(got, want) {
				t.Fatalf("Split(%q) = %q, want the fields %q", in, got, want)
			}
		}
		if slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, `"`) }) {
			return // a '"' inside a parameter cannot be written back: the kernel has no escape
		}
		quoted := make([]string, len(got))
		for i, p := range got {
			quoted[i] = quote(p)
		}
		joined := strings.Join(quoted, " ")
		if again := Split(joined); !slices.Equal(again, got) {
			t.Fatalf("Split(%q) = %q; quoted again %q splits into %q", in, got, joined, again)
		}
	})
}

// quote writes a parameter so that Split reads it back unchanged.
func quote(p string) string {
	if p == "" || strings.ContainsFunc(p, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }) {
		return `"` + p + `"`
	}
	return p
}

// FuzzParse checks that Parse never panics and that what it returns keeps its promises.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, c := range realCmdlines {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, errs := Parse(in)
		for _, err := range errs {
			if err == nil || err.Error() == "" {
				t.Fatalf("Parse(%q): an empty error in %v", in, errs)
			}
		}
		checkModules(t, in, c)
		checkNFS(t, in, c)
		if c.Init != "" && !strings.HasPrefix(c.Init, "/") {
			t.Errorf("Parse(%q): init %q is not absolute", in, c.Init)
		}
		again, _ := Parse(in)
		if diff := cmp.Diff(c, again, cmpAddr); diff != "" {
			t.Errorf("Parse(%q) twice differs (-first +second):\n%s", in, diff)
		}
	})
}

func checkModules(t *testing.T, in string, c Config) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range c.ModulesLoad {
		if seen[m] || !modload.IsModuleName(m) || strings.Contains(m, "-") {
			t.Errorf("Parse(%q): modules-load %q: bad or repeated name %q", in, c.ModulesLoad, m)
		}
		seen[m] = true
	}
	for _, name := range c.Modules.Blacklist {
		if strings.Contains(name, ",") {
			t.Errorf("Parse(%q): blacklisted module %q has a comma", in, name)
		}
	}
	for m, params := range c.Modules.Params {
		if !modload.IsModuleName(m) || strings.Contains(m, "-") || len(params) == 0 {
			t.Errorf("Parse(%q): module parameters %q for %q", in, params, m)
		}
		for _, p := range params {
			name, _, _ := strings.Cut(p, "=")
			if name == "" || strings.Contains(name, "-") {
				t.Errorf("Parse(%q): module %s parameter %q", in, m, p)
			}
		}
	}
}

func checkNFS(t *testing.T, in string, c Config) {
	t.Helper()
	if c.NFS != nil && c.NFS.Path != "" && !strings.HasPrefix(c.NFS.Path, "/") {
		t.Errorf("Parse(%q): NFS path %q is not absolute", in, c.NFS.Path)
	}
	if c.NFSFromDHCP && c.NFS != nil && c.NFS.Path != "" {
		t.Errorf("Parse(%q): NFS path %q given and NFSFromDHCP set", in, c.NFS.Path)
	}
	if c.NFS != nil && c.Root != "" {
		if _, isNFS, err := nfsroot.ParseRoot(c.Root); err != nil || !isNFS {
			t.Errorf("Parse(%q): an NFS root with root=%s", in, c.Root)
		}
	}
}
