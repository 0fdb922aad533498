package mdev

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/airroot/airroot/modload"
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

func TestAliasIndexLookup(t *testing.T) {
	aliases, err := modload.ParseAlias(strings.NewReader(testAliases + "alias usb:v*p*d*dc*dsc*dp*icFFiscFFipFFin* vendor_generic\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewAliasIndex(aliases)
	for _, name := range []string{
		"usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00",
		"virtio:d00000001v00001AF4",
		"of:NmmcT(null)Cbrcm,bcm2835-sdhost",
		"of:NmmcT(null)Cbrcm,bcm2835-sdhostCother",
		"cpu:type:ARM:feature:,0000",
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(aliases.Lookup(name), ix.Lookup(name)); diff != "" {
				t.Errorf("AliasIndex.Lookup(%q) differs from Aliases.Lookup (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestAliasIndexAgainstRealAliases compares the index with modload on the
// modules.alias named by $MDEV_TEST_MODULES_ALIAS (a kernel's, with its
// 20,000 aliases), for a modalias made of every 97th of its patterns.
func TestAliasIndexAgainstRealAliases(t *testing.T) {
	file := os.Getenv("MDEV_TEST_MODULES_ALIAS")
	if file == "" {
		t.Skip("set MDEV_TEST_MODULES_ALIAS to a modules.alias to compare with")
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	aliases, err := modload.ParseAlias(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewAliasIndex(aliases)
	for i := 0; i < len(aliases); i += 97 {
		name := strings.NewReplacer("*", "0", "?", "1").Replace(aliases[i].Pattern)
		if diff := cmp.Diff(aliases.Lookup(name), ix.Lookup(name)); diff != "" {
			t.Errorf("Lookup(%q) (-modload +index):\n%s", name, diff)
		}
	}
}

// FuzzAliasIndex checks that the index finds what modload finds.
func FuzzAliasIndex(f *testing.F) {
	f.Add("usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00")
	f.Add("usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*", "usb:v1234p5678d0001dc00dsc00dp00ic08isc06ip50in00")
	f.Add("of:N*T*Cbrcm,bcm2835-sdhostC*", "of:NmmcT(null)Cbrcm,bcm2835-sdhostC")
	f.Add("a[b-c]?d*e\\*", "a-xd_e*")
	f.Add("crypto-ccm", "crypto_ccm")
	f.Fuzz(func(t *testing.T, pattern, name string) {
		aliases := modload.Aliases{{Pattern: pattern, Module: "m"}, {Pattern: "*", Module: "any"}}
		if diff := cmp.Diff(aliases.Lookup(name), NewAliasIndex(aliases).Lookup(name)); diff != "" {
			t.Fatalf("Lookup(%q) with pattern %q (-modload +index):\n%s", name, pattern, diff)
		}
	})
}

func BenchmarkAliasLookup(b *testing.B) {
	file := os.Getenv("MDEV_TEST_MODULES_ALIAS")
	if file == "" {
		b.Skip("set MDEV_TEST_MODULES_ALIAS to a modules.alias")
	}
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	aliases, err := modload.ParseAlias(f)
	if err != nil {
		b.Fatal(err)
	}
	const name = "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00"
	b.Run("modload", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			aliases.Lookup(name)
		}
	})
	ix := NewAliasIndex(aliases)
	b.Run("index", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ix.Lookup(name)
		}
	})
}
