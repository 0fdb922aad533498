package modload

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hwsimEntries is the .modinfo of a mac80211_hwsim-like module, with the
// repeated and odd entries real modules have.
var hwsimEntries = []string{
	"license=GPL",
	"description=Software simulator of 802.11 radio(s) for mac80211",
	"parmtype=radios:int",
	"parm=radios:Number of simulated radios",
	"parm=channels:Number of concurrent channels",
	"parmtype=channels:int",
	"alias=virtio:d0000001Dv*",
	"firmware=regulatory.db",
	"firmware=regulatory.db.p7s",
	"softdep=pre: crypto-ccm post: foo-bar",
	"depends=mac80211,cfg80211",
	"intree=Y",
	"name=mac80211_hwsim",
	"vermagic=6.1.0-50-armmp SMP mod_unload modversions ARMv7 p2v8 ",
}

var hwsimModinfo = Modinfo{
	Name:        "mac80211_hwsim",
	Depends:     []string{"mac80211", "cfg80211"},
	Aliases:     []string{"virtio:d0000001Dv*"},
	Firmware:    []string{"regulatory.db", "regulatory.db.p7s"},
	Softdep:     Softdep{Pre: []string{"crypto-ccm"}, Post: []string{"foo-bar"}},
	Vermagic:    "6.1.0-50-armmp SMP mod_unload modversions ARMv7 p2v8 ",
	License:     "GPL",
	Description: "Software simulator of 802.11 radio(s) for mac80211",
	Params: []Param{
		{Name: "radios", Type: "int", Description: "Number of simulated radios"},
		{Name: "channels", Type: "int", Description: "Number of concurrent channels"},
	},
}

func TestParseModinfo(t *testing.T) {
	realModule, err := os.ReadFile("testdata/snd-soc-ti-udma-armhf.ko")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		elf  []byte
		want Modinfo
	}{
		{name: "32-bit ARM", elf: fakeModule(t, arm32, hwsimEntries...), want: hwsimModinfo},
		{name: "64-bit arm64", elf: fakeModule(t, arm64, hwsimEntries...), want: hwsimModinfo},
		{name: "64-bit x86-64", elf: fakeModule(t, amd64, hwsimEntries...), want: hwsimModinfo},
		{name: "32-bit big-endian", elf: fakeModule(t, mips32b, hwsimEntries...), want: hwsimModinfo},
		{name: "empty section", elf: fakeModule(t, arm32), want: Modinfo{}},
		{
			// Debian 6.1.0-50-armmp, signed: the signature follows the ELF data.
			name: "real armhf module",
			elf:  realModule,
			want: Modinfo{
				Name:        "snd_soc_ti_udma",
				Depends:     []string{"snd_soc_core"},
				Vermagic:    "6.1.0-50-armmp SMP mod_unload modversions ARMv7 p2v8 ",
				License:     "GPL v2",
				Description: "UDMA PCM ASoC platform driver",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readModinfo(bytes.NewReader(tt.elf))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readModinfo (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseModinfoErrors(t *testing.T) {
	tests := []struct {
		name   string
		elf    []byte
		wantIs error
	}{
		{name: "not ELF", elf: []byte("#!/bin/sh\necho hello\n")},
		{name: "empty", elf: nil},
		{name: "truncated", elf: fakeModule(t, arm32, hwsimEntries...)[:100]},
		{name: "no .modinfo", elf: elfWithSection(t, arm64, ".text", []byte{1, 2, 3}), wantIs: ErrNoModinfo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readModinfo(bytes.NewReader(tt.elf))
			if err == nil {
				t.Fatal("readModinfo succeeded, want an error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("readModinfo error %v, want one matching %v", err, tt.wantIs)
			}
		})
	}
}

func TestParseModinfoSection(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Modinfo
	}{
		{
			name: "padding, unknown keys and entries without '='",
			data: "\x00\x00license=GPL\x00\x00\x00srcversion=ABC\x00garbage\x00name=foo-bar\x00",
			want: Modinfo{Name: "foo_bar", License: "GPL"},
		},
		{
			name: "depends: empty, spaces, dashes, repeated",
			data: "depends=\x00depends=a-b, c,,\x00depends=d\x00",
			want: Modinfo{Depends: []string{"a_b", "c", "d"}},
		},
		{
			name: "softdep: several entries, names before a marker ignored",
			data: "softdep=pre: a b post: c\x00softdep=ccm\x00softdep=post: d pre: e\x00",
			want: Modinfo{Softdep: Softdep{Pre: []string{"a", "b", "e"}, Post: []string{"c", "d"}}},
		},
		{
			name: "value with '=' and ':'",
			data: "alias=of:N*T*Cfoo=bar\x00parm=p:a: b=c\x00",
			want: Modinfo{Aliases: []string{"of:N*T*Cfoo=bar"}, Params: []Param{{Name: "p", Description: "a: b=c"}}},
		},
		{
			name: "parmtype only",
			data: "parmtype=debug:bool\x00",
			want: Modinfo{Params: []Param{{Name: "debug", Type: "bool"}}},
		},
		{name: "no terminating NUL", data: "name=x", want: Modinfo{Name: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseModinfoSection([]byte(tt.data))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseModinfoSection(%q) (-want +got):\n%s", tt.data, diff)
			}
		})
	}
}

// FuzzParseModinfo feeds arbitrary bytes as an ELF file: it must not panic,
// and it must read what debug/elf reads: the same .modinfo when both succeed,
// a refusal when debug/elf refuses (unless for the program headers alone, which
// readModinfo ignores), and success when debug/elf succeeds on uncompressed
// sections.
func FuzzParseModinfo(f *testing.F) {
	f.Add(fakeModule(f, arm32, hwsimEntries...))
	f.Add(fakeModule(f, arm64, "name=a", "depends=b-c"))
	f.Add(fakeModule(f, mips32b, "softdep=pre: x"))
	f.Add(elfWithSection(f, amd64, ".text", []byte("name=x\x00")))
	if real, err := os.ReadFile("testdata/snd-soc-ti-udma-armhf.ko"); err == nil {
		f.Add(real)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := readModinfo(bytes.NewReader(data))
		want, compressed, wantErr := debugELFModinfo(data)
		switch {
		case err == nil && wantErr != nil:
			if _, _, phErr := debugELFModinfo(withoutProgramHeaders(data)); phErr != nil {
				t.Fatalf("readModinfo accepted what debug/elf refuses: %v", wantErr)
			}
		case err != nil && wantErr == nil && !compressed:
			t.Fatalf("readModinfo refused what debug/elf reads: %v", err)
		case errors.Is(wantErr, ErrNoModinfo) && !errors.Is(err, ErrNoModinfo) && !compressed:
			t.Fatalf("readModinfo error %v, debug/elf finds no .modinfo", err)
		case err == nil:
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("readModinfo differs from debug/elf's .modinfo (-want +got):\n%s", diff)
			}
		}
	})
}

// debugELFModinfo reads the .modinfo section with debug/elf; compressed says
// the file has SHF_COMPRESSED sections, which debug/elf decompresses and
// readModinfo refuses.
func debugELFModinfo(data []byte) (mi Modinfo, compressed bool, err error) {
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return mi, false, err
	}
	for _, s := range ef.Sections {
		compressed = compressed || s.Flags&elf.SHF_COMPRESSED != 0
	}
	sec := ef.Section(".modinfo")
	if sec == nil {
		return mi, compressed, ErrNoModinfo
	}
	section, err := sec.Data()
	if err != nil {
		return mi, compressed, err
	}
	return ParseModinfoSection(section), compressed, nil
}

// withoutProgramHeaders returns a copy of an ELF file with e_phoff and e_phnum
// zeroed (offsets from the gABI's ELF header): debug/elf's verdict on it says
// whether the program headers alone made it refuse the file.
func withoutProgramHeaders(data []byte) []byte {
	c := bytes.Clone(data)
	switch {
	case len(c) >= 52 && c[elf.EI_CLASS] == byte(elf.ELFCLASS32):
		clear(c[28:32])
		clear(c[44:46])
	case len(c) >= 64 && c[elf.EI_CLASS] == byte(elf.ELFCLASS64):
		clear(c[32:40])
		clear(c[56:58])
	}
	return c
}

// FuzzParseModinfoSection checks that a section reads the same on its own and
// wrapped in 32- and 64-bit ELF files, and that dependency names come out
// normalised and non-empty.
func FuzzParseModinfoSection(f *testing.F) {
	f.Add([]byte("name=a-b\x00depends=c-d,e\x00softdep=pre: f post: g\x00parm=p:desc\x00parmtype=p:int\x00"))
	f.Add([]byte("\x00\x00=\x00depends=,\x00softdep=pre:\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		want := ParseModinfoSection(data)
		for _, kind := range []elfKind{arm32, amd64, mips32b} {
			got, err := readModinfo(bytes.NewReader(elfWithSection(t, kind, ".modinfo", data)))
			if err != nil {
				t.Fatalf("readModinfo(%v ELF): %v", kind.machine, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%v ELF (-section +ELF):\n%s", kind.machine, diff)
			}
		}
		for _, dep := range want.Depends {
			if dep == "" || dep != Normalize(dep) || strings.ContainsAny(dep, ", \t\n") {
				t.Errorf("dependency name %q not normalised", dep)
			}
		}
		if want.Name != Normalize(want.Name) {
			t.Errorf("name %q not normalised", want.Name)
		}
	})
}
