package modload

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// fakeTree is a small modules tree of generated 32-bit ARM modules, shaped
// like Debian's: no modules.dep, a modules.builtin.
func fakeTree(t testing.TB) fstest.MapFS {
	t.Helper()
	mod := func(entries ...string) *fstest.MapFile {
		return &fstest.MapFile{Data: fakeModule(t, arm32, entries...)}
	}
	return fstest.MapFS{
		"modules.builtin":                                 &fstest.MapFile{Data: []byte("kernel/drivers/usb/core/usbcore.ko\n")},
		"kernel/net/rfkill/rfkill.ko":                     mod("name=rfkill", "depends="),
		"kernel/net/wireless/cfg80211.ko":                 mod("name=cfg80211", "depends=rfkill", "firmware=regulatory.db"),
		"kernel/lib/crypto/libarc4.ko":                    mod("name=libarc4", "depends="),
		"kernel/net/mac80211/mac80211.ko":                 mod("name=mac80211", "depends=libarc4,cfg80211"),
		"kernel/drivers/net/wireless/mac80211_hwsim.ko":   mod("name=mac80211_hwsim", "depends=mac80211,cfg80211"),
		"kernel/drivers/net/wireless/rtl8xxxu.ko":         mod("name=rtl8xxxu", "depends=mac80211,usbcore", "firmware=rtlwifi/rtl8192eu_nic.bin"),
		"kernel/sound/soc/snd-soc-core.ko":                mod("name=snd_soc_core"),
		"kernel/sound/soc/ti/snd-soc-ti-udma.ko":          mod("name=snd_soc_ti_udma", "depends=snd-soc-core"),
		"kernel/drivers/net/failover.ko":                  mod("depends="), // no name=: taken from the path
		"kernel/drivers/net/net_failover.ko":              mod("name=net_failover", "depends=failover"),
		"kernel/drivers/net/virtio_net.ko":                mod("name=virtio_net", "depends=net_failover"),
		"kernel/drivers/misc/broken.ko":                   mod("name=broken", "depends=ghost"),
		"kernel/drivers/misc/loop_a.ko":                   mod("name=loop_a", "depends=loop_b"),
		"kernel/drivers/misc/loop_b.ko":                   mod("name=loop_b", "depends=loop_a"),
		"kernel/drivers/misc/README":                      &fstest.MapFile{Data: []byte("not a module")},
		"build":                                           &fstest.MapFile{Data: []byte("/usr/src/linux"), Mode: fs.ModeSymlink},
		"updates/kernel/drivers/net/wireless/rtl8xxxu.ko": mod("name=rtl8xxxu", "depends=mac80211,usbcore", "firmware=rtlwifi/new.bin"),
	}
}

func openFake(t *testing.T, fsys fs.FS) *Index {
	t.Helper()
	ix, err := Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestClosure(t *testing.T) {
	ix := openFake(t, fakeTree(t))
	rfkill := Module{Name: "rfkill", Path: "kernel/net/rfkill/rfkill.ko", NeededBy: "cfg80211"}
	cfg80211 := Module{Name: "cfg80211", Path: "kernel/net/wireless/cfg80211.ko", Depends: []string{"rfkill"}, Firmware: []string{"regulatory.db"}, NeededBy: "mac80211"}
	libarc4 := Module{Name: "libarc4", Path: "kernel/lib/crypto/libarc4.ko", NeededBy: "mac80211"}
	mac80211 := Module{Name: "mac80211", Path: "kernel/net/mac80211/mac80211.ko", Depends: []string{"libarc4", "cfg80211"}}
	with := func(m Module, neededBy string) Module { m.NeededBy = neededBy; return m }
	tests := []struct {
		name  string
		names []string
		want  []Module
	}{
		{
			name:  "dependencies first, each once",
			names: []string{"mac80211_hwsim"},
			want: []Module{libarc4, rfkill, cfg80211, with(mac80211, "mac80211_hwsim"), {
				Name: "mac80211_hwsim", Path: "kernel/drivers/net/wireless/mac80211_hwsim.ko", Depends: []string{"mac80211", "cfg80211"},
			}},
		},
		{
			name:  "asked for beats needed by, whatever the order",
			names: []string{"mac80211", "cfg80211"},
			want:  []Module{libarc4, rfkill, with(cfg80211, ""), mac80211},
		},
		{
			name:  "dash spelling, name from path when modinfo has none",
			names: []string{"snd-soc-ti-udma", "virtio-net"},
			want: []Module{
				{Name: "snd_soc_core", Path: "kernel/sound/soc/snd-soc-core.ko", NeededBy: "snd_soc_ti_udma"},
				{Name: "snd_soc_ti_udma", Path: "kernel/sound/soc/ti/snd-soc-ti-udma.ko", Depends: []string{"snd_soc_core"}},
				{Name: "failover", Path: "kernel/drivers/net/failover.ko", NeededBy: "net_failover"},
				{Name: "net_failover", Path: "kernel/drivers/net/net_failover.ko", Depends: []string{"failover"}, NeededBy: "virtio_net"},
				{Name: "virtio_net", Path: "kernel/drivers/net/virtio_net.ko", Depends: []string{"net_failover"}},
			},
		},
		{
			name:  "built-in modules reported, updates/ preferred",
			names: []string{"rtl8xxxu", "usbcore"},
			want: []Module{
				libarc4, rfkill, cfg80211, with(mac80211, "rtl8xxxu"),
				{Name: "usbcore", Path: "kernel/drivers/usb/core/usbcore.ko", Builtin: true},
				{Name: "rtl8xxxu", Path: "updates/kernel/drivers/net/wireless/rtl8xxxu.ko", Depends: []string{"mac80211", "usbcore"}, Firmware: []string{"rtlwifi/new.bin"}},
			},
		},
		{name: "nothing asked", names: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Closure(tt.names...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Closure(%q) (-want +got):\n%s", tt.names, diff)
			}
		})
	}
}

func TestClosureErrors(t *testing.T) {
	ix := openFake(t, fakeTree(t))
	ix.Dir = "/lib/modules/6.1.0-50-armmp"
	tests := []struct {
		name     string
		names    []string
		wantErr  string
		notFound bool
	}{
		{name: "unknown", names: []string{"mac80211", "foo"}, wantErr: `module "foo" not found in /lib/modules/6.1.0-50-armmp`, notFound: true},
		{name: "unknown dependency", names: []string{"broken"}, wantErr: `module "ghost" (needed by broken) not found in /lib/modules/6.1.0-50-armmp`, notFound: true},
		{name: "cycle", names: []string{"loop_a"}, wantErr: "module dependency cycle: loop_a -> loop_b -> loop_a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Closure(tt.names...)
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("Closure error = %v, want %q", err, tt.wantErr)
			}
			var nf *NotFoundError
			if got := errors.As(err, &nf) && errors.Is(err, fs.ErrNotExist); got != tt.notFound {
				t.Errorf("error is a *NotFoundError matching fs.ErrNotExist: %v, want %v", got, tt.notFound)
			}
		})
	}
}

func TestOpenFromModulesDep(t *testing.T) {
	fsys := fstest.MapFS{
		"modules.dep": &fstest.MapFile{Data: []byte(
			"kernel/lib/crypto/libarc4.ko:\n" +
				"kernel/net/rfkill/rfkill.ko.xz:\n" +
				"kernel/net/wireless/cfg80211.ko.xz: kernel/net/rfkill/rfkill.ko.xz\n" +
				"kernel/net/mac80211/mac80211.ko: kernel/lib/crypto/libarc4.ko kernel/net/wireless/cfg80211.ko.xz kernel/net/rfkill/rfkill.ko.xz\n" +
				"updates/mac80211.ko:\n")},
		"modules.builtin": &fstest.MapFile{Data: []byte("kernel/crypto/lzo-rle.ko\n")},
	}
	ix := openFake(t, fsys)
	got, err := ix.Closure("mac80211", "lzo-rle")
	if err != nil {
		t.Fatal(err)
	}
	want := []Module{
		{Name: "libarc4", Path: "kernel/lib/crypto/libarc4.ko", NeededBy: "mac80211"},
		{Name: "rfkill", Path: "kernel/net/rfkill/rfkill.ko.xz", NeededBy: "cfg80211"},
		{Name: "cfg80211", Path: "kernel/net/wireless/cfg80211.ko.xz", Depends: []string{"rfkill"}, NeededBy: "mac80211"},
		{Name: "mac80211", Path: "kernel/net/mac80211/mac80211.ko", Depends: []string{"libarc4", "cfg80211", "rfkill"}},
		{Name: "lzo_rle", Path: "kernel/crypto/lzo-rle.ko", Builtin: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Closure (-want +got):\n%s", diff)
	}
	if !ix.Builtin("lzo-rle") || ix.Builtin("mac80211") {
		t.Error("Builtin: want lzo-rle built in and mac80211 not")
	}
}

func TestOpenErrors(t *testing.T) {
	good := fakeModule(t, arm32, "name=good")
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
	}{
		{
			name:    "bad modules.dep",
			fsys:    fstest.MapFS{"modules.dep": &fstest.MapFile{Data: []byte("a.ko:\nb.ko c.ko\n")}},
			wantErr: `parse modules.dep line 2: no colon in "b.ko c.ko"`,
		},
		{
			name:    "bad modules.builtin",
			fsys:    fstest.MapFS{"modules.builtin": &fstest.MapFile{Data: []byte("kernel/x\n")}},
			wantErr: `parse modules.builtin line 1: "kernel/x" is not a module path (*.ko)`,
		},
		{
			name: "not an ELF file",
			fsys: fstest.MapFS{
				"kernel/good.ko": &fstest.MapFile{Data: good},
				"kernel/bad.ko":  &fstest.MapFile{Data: []byte("oops")},
			},
			wantErr: "read modinfo kernel/bad.ko: ",
		},
		{
			name:    "no .modinfo",
			fsys:    fstest.MapFS{"kernel/text.ko": &fstest.MapFile{Data: elfWithSection(t, arm32, ".text", nil)}},
			wantErr: "read modinfo kernel/text.ko: no .modinfo section",
		},
		{
			name:    "truncated xz",
			fsys:    fstest.MapFS{"kernel/a.ko.xz": &fstest.MapFile{Data: []byte{0xfd, '7', 'z', 'X', 'Z', 0}}},
			wantErr: "read modinfo kernel/a.ko.xz: decompress xz: unexpected EOF",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.fsys)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("Open error = %v, want one starting %q", err, tt.wantErr)
			}
		})
	}
}

func TestLookupAndModinfo(t *testing.T) {
	ix := openFake(t, fakeTree(t))
	m, ok := ix.Lookup("cfg80211")
	want := Module{Name: "cfg80211", Path: "kernel/net/wireless/cfg80211.ko", Depends: []string{"rfkill"}, Firmware: []string{"regulatory.db"}}
	if diff := cmp.Diff(want, m); !ok || diff != "" {
		t.Errorf("Lookup(cfg80211) = %v (-want +got):\n%s", ok, diff)
	}
	if _, ok := ix.Lookup("usbcore"); ok {
		t.Error("Lookup(usbcore) found a built-in module, want false")
	}
	mi, err := ix.Modinfo("cfg80211")
	if err != nil {
		t.Fatal(err)
	}
	wantInfo := Modinfo{Name: "cfg80211", Depends: []string{"rfkill"}, Firmware: []string{"regulatory.db"}}
	if diff := cmp.Diff(wantInfo, mi); diff != "" {
		t.Errorf("Modinfo(cfg80211) (-want +got):\n%s", diff)
	}
	if _, err := ix.Modinfo("nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Modinfo(nope) error = %v, want fs.ErrNotExist", err)
	}
}

func TestIndexAliases(t *testing.T) {
	fsys := fakeTree(t)
	fsys["kernel/crypto/ccm.ko"] = &fstest.MapFile{Data: fakeModule(t, arm32, "alias=crypto-ccm", "alias=ccm", "name=ccm")}
	fsys["kernel/drivers/net/wireless/mac80211_hwsim.ko"] = &fstest.MapFile{Data: fakeModule(t, arm32, "alias=virtio:d0000001Dv*", "name=mac80211_hwsim", "depends=mac80211")}
	fsys["modules.order"] = &fstest.MapFile{Data: []byte("kernel/drivers/net/wireless/mac80211_hwsim.ko\n")}
	scanned := openFake(t, fsys)
	want := Aliases{
		{Pattern: "virtio:d0000001Dv*", Module: "mac80211_hwsim"},
		{Pattern: "crypto-ccm", Module: "ccm"},
		{Pattern: "ccm", Module: "ccm"},
	}
	got, err := scanned.Aliases()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Aliases of a scanned tree (-want +got):\n%s", diff)
	}

	var alias strings.Builder
	if err := scanned.WriteAlias(&alias); err != nil {
		t.Fatal(err)
	}
	fromDep := openFake(t, fstest.MapFS{
		"modules.dep":   &fstest.MapFile{Data: []byte("kernel/crypto/ccm.ko:\n")},
		"modules.alias": &fstest.MapFile{Data: []byte(alias.String())},
	})
	got, err = fromDep.Aliases()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Aliases read back from modules.alias (-want +got):\n%s", diff)
	}
	if _, err := Open(fstest.MapFS{
		"modules.dep":   &fstest.MapFile{Data: []byte("kernel/crypto/ccm.ko:\n")},
		"modules.alias": &fstest.MapFile{Data: []byte("alias ccm\n")},
	}); err == nil || !strings.HasPrefix(err.Error(), "parse modules.alias line 1: ") {
		t.Errorf("Open with a bad modules.alias: error %v, want one naming its line", err)
	}
}
