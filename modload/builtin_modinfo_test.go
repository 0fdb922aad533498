package modload

import (
	"bytes"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseBuiltinModinfo(t *testing.T) {
	data := []byte("hmac.file=crypto/hmac\x00hmac.license=GPL\x00hmac.alias=crypto-hmac\x00hmac.alias=hmac\x00" +
		"zbud.alias=zpool-zbud\x00crc-t10dif.softdep=pre: crct10dif\x00" +
		"nodot=x\x00.empty=1\x00a=b.c\x00\x00zbud.parm=pages:how many\x00")
	got := ParseBuiltinModinfo(data)
	want := map[string]Modinfo{
		"hmac":       {Name: "hmac", License: "GPL", Aliases: []string{"crypto-hmac", "hmac"}},
		"zbud":       {Name: "zbud", Aliases: []string{"zpool-zbud"}, Params: []Param{{Name: "pages", Description: "how many"}}},
		"crc_t10dif": {Name: "crc_t10dif", Softdep: Softdep{Pre: []string{"crct10dif"}}},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("ParseBuiltinModinfo (-want +got):\n%s", diff)
	}
	wantAliases := Aliases{{"crypto-hmac", "hmac"}, {"hmac", "hmac"}, {"zpool-zbud", "zbud"}}
	if diff := cmp.Diff(wantAliases, builtinAliases(got)); diff != "" {
		t.Errorf("builtinAliases (-want +got):\n%s", diff)
	}
}

// TestIntegrationBuiltinModinfo reads the modules.builtin.modinfo of
// $AIRROOT_MODULES_TREE and checks that every alias entry in it is found.
func TestIntegrationBuiltinModinfo(t *testing.T) {
	dir := os.Getenv("AIRROOT_MODULES_TREE")
	data, err := os.ReadFile(dir + "/modules.builtin.modinfo")
	if dir == "" || err != nil {
		t.Skip("set AIRROOT_MODULES_TREE to a tree with modules.builtin.modinfo")
	}
	infos := ParseBuiltinModinfo(data)
	aliases := 0
	for _, entry := range strings.Split(string(data), "\x00") {
		if strings.Contains(entry, ".alias=") {
			aliases++
		}
	}
	if got := len(builtinAliases(infos)); got != aliases {
		t.Errorf("%d aliases, the file has %d alias entries", got, aliases)
	}
	t.Logf("%d built-in modules, %d aliases", len(infos), aliases)
}

func FuzzParseBuiltinModinfo(f *testing.F) {
	f.Add([]byte("hmac.alias=crypto-hmac\x00hmac.alias=hmac\x00x.softdep=pre: a post: b\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		infos := ParseBuiltinModinfo(data)
		// Writing each module's entries back and parsing them again gives
		// the same modules, aliases and softdeps.
		var names []string
		for name := range infos {
			names = append(names, name)
			if name == "" || strings.ContainsAny(name, "-.\x00") {
				t.Errorf("module name %q", name)
			}
		}
		sort.Strings(names)
		var buf bytes.Buffer
		for _, name := range names {
			for _, a := range infos[name].Aliases {
				buf.WriteString(name + ".alias=" + a + "\x00")
			}
		}
		again := ParseBuiltinModinfo(buf.Bytes())
		if diff := cmp.Diff(builtinAliases(infos), builtinAliases(again)); diff != "" {
			t.Errorf("aliases round trip (-first +second):\n%s", diff)
		}
	})
}
