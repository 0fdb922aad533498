package modload

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestLiterals(t *testing.T) {
	tests := []struct {
		pattern, prefix, run string
	}{
		{"usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", "usb:v0BDAp8176d", "usb:v0BDAp8176d"},
		{"usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*", "usb:v", "ic08isc06ip50in"},
		{"of:N*T*Cbrcm,bcm2835_sdhostC*", "of:N", "Cbrcm,bcm2835_sdhostC"},
		{"pci:v00008086d*sv*sd*bc02sc00i*", "pci:v00008086d", "pci:v00008086d"},
		{"usb:v05ACp*d*dc*dsc*dp*ic*isc*ip*in[0-9]*", "usb:v05ACp", "usb:v05ACp"},
		{"?cpu*", "", "cpu"},
		{`a\*bcdef`, "a", "a"},
		{"crypto_ccm", "crypto_ccm", "crypto_ccm"},
		{"*", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			prefix, run := literals(tt.pattern)
			if prefix != tt.prefix || run != tt.run {
				t.Errorf("literals(%q) = %q, %q; want %q, %q", tt.pattern, prefix, run, tt.prefix, tt.run)
			}
		})
	}
}

// testAliases are aliases of the kinds a boot looks up: two modules for one
// USB device, a virtio and a device tree one.
const testAliases = `alias virtio:d00000001v* virtio_net
alias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8xxxu
alias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8192cu
alias of:N*T*Cbrcm,bcm2835-sdhost* bcm2835
`

// TestLoaderModaliasModules looks modaliases up in a tree's modules.alias,
// through the Loader as mdev does.
func TestLoaderModaliasModules(t *testing.T) {
	l := &Loader{Dir: "/lib/modules/test", FS: fstest.MapFS{
		"modules.dep":   &fstest.MapFile{Data: []byte("kernel/virtio_net.ko:\nkernel/rtl8xxxu.ko:\nkernel/rtl8192cu.ko:\n")},
		"modules.alias": &fstest.MapFile{Data: []byte(testAliases)},
	}}
	tests := []struct {
		modalias string
		want     []string
	}{
		{"usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00", []string{"rtl8xxxu", "rtl8192cu"}},
		{"virtio:d00000001v00001AF4", []string{"virtio_net"}},
		{"virtio:d00000002v00001AF4", nil},
	}
	for _, tt := range tests {
		got, err := l.ModaliasModules(tt.modalias)
		if err != nil {
			t.Fatalf("ModaliasModules(%q) error = %v", tt.modalias, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ModaliasModules(%q) (-want +got):\n%s", tt.modalias, diff)
		}
	}
	if _, err := (&Loader{Dir: "/nonexistent"}).ModaliasModules("virtio:d00000001v00001AF4"); err == nil {
		t.Error("ModaliasModules on a missing tree: no error")
	}
}

func TestAliasIndexLookup(t *testing.T) {
	aliases, err := ParseAlias(strings.NewReader(testAliases + "alias usb:v*p*d*dc*dsc*dp*icFFiscFFipFFin* vendor_generic\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix := newAliasIndex(aliases)
	for _, name := range []string{
		"usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00",
		"virtio:d00000001v00001AF4",
		"of:NmmcT(null)Cbrcm,bcm2835-sdhost",
		"of:NmmcT(null)Cbrcm,bcm2835-sdhostCother",
		"cpu:type:ARM:feature:,0000",
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(aliases.Lookup(name), ix.lookup(name)); diff != "" {
				t.Errorf("aliasIndex.lookup(%q) differs from Aliases.Lookup (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestAliasIndexAgainstRealAliases compares the index with Aliases.Lookup
// on the modules.alias named by $MODLOAD_TEST_MODULES_ALIAS (a kernel's,
// with its 20,000 aliases), for a modalias made of every 97th of its
// patterns.
func TestAliasIndexAgainstRealAliases(t *testing.T) {
	aliases := readAliasFile(t, realAliasFile(t))
	ix := newAliasIndex(aliases)
	for i := 0; i < len(aliases); i += 97 {
		name := strings.NewReplacer("*", "0", "?", "1").Replace(aliases[i].Pattern)
		if diff := cmp.Diff(aliases.Lookup(name), ix.lookup(name)); diff != "" {
			t.Errorf("Lookup(%q) (-modload +index):\n%s", name, diff)
		}
	}
}

// realAliasFile returns $MODLOAD_TEST_MODULES_ALIAS, or skips.
func realAliasFile(tb testing.TB) string {
	tb.Helper()
	file := os.Getenv("MODLOAD_TEST_MODULES_ALIAS")
	if file == "" {
		tb.Skip("set MODLOAD_TEST_MODULES_ALIAS to a modules.alias to compare with")
	}
	return file
}

// readAliasFile parses the modules.alias called name, gzip-compressed when
// name ends in .gz.
func readAliasFile(tb testing.TB, name string) Aliases {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			tb.Fatal(err)
		}
		r = zr
	}
	aliases, err := ParseAlias(r)
	if err != nil {
		tb.Fatal(err)
	}
	return aliases
}

// FuzzAliasIndex checks that the index finds what modload finds.
func FuzzAliasIndex(f *testing.F) {
	f.Add("usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00")
	f.Add("usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*", "usb:v1234p5678d0001dc00dsc00dp00ic08isc06ip50in00")
	f.Add("of:N*T*Cbrcm,bcm2835-sdhostC*", "of:NmmcT(null)Cbrcm,bcm2835-sdhostC")
	f.Add("a[b-c]?d*e\\*", "a-xd_e*")
	f.Add("crypto-ccm", "crypto_ccm")
	f.Fuzz(func(t *testing.T, pattern, name string) {
		aliases := Aliases{{Pattern: pattern, Module: "m"}, {Pattern: "*", Module: "any"}}
		if diff := cmp.Diff(aliases.Lookup(name), newAliasIndex(aliases).lookup(name)); diff != "" {
			t.Fatalf("Lookup(%q) with pattern %q (-modload +index):\n%s", name, pattern, diff)
		}
	})
}

func BenchmarkAliasLookup(b *testing.B) {
	aliases := readAliasFile(b, realAliasFile(b))
	const name = "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00"
	b.Run("modload", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			aliases.Lookup(name)
		}
	})
	ix := newAliasIndex(aliases)
	b.Run("index", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ix.lookup(name)
		}
	})
}
