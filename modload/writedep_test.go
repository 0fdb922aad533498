package modload

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// wifiTree is fakeTree without its broken modules, with a modules.order.
func wifiTree(t *testing.T) fstest.MapFS {
	fsys := fakeTree(t)
	for _, p := range []string{"kernel/drivers/misc/broken.ko", "kernel/drivers/misc/loop_a.ko", "kernel/drivers/misc/loop_b.ko"} {
		delete(fsys, p)
	}
	fsys["modules.order"] = &fstest.MapFile{Data: []byte("kernel/lib/crypto/libarc4.ko\n" +
		"kernel/net/rfkill/rfkill.ko\nkernel/net/wireless/cfg80211.ko\nkernel/net/mac80211/mac80211.ko\n" +
		"kernel/drivers/net/wireless/mac80211_hwsim.ko\nkernel/gone.ko\n")}
	return fsys
}

func TestWriteDep(t *testing.T) {
	ix := openFake(t, wifiTree(t))
	var buf bytes.Buffer
	if err := ix.WriteDep(&buf); err != nil {
		t.Fatal(err)
	}
	// modules.order first (kernel/gone.ko is not in the tree), then by path;
	// dependencies listed users first, as depmod does.
	want := `kernel/lib/crypto/libarc4.ko:
kernel/net/rfkill/rfkill.ko:
kernel/net/wireless/cfg80211.ko: kernel/net/rfkill/rfkill.ko
kernel/net/mac80211/mac80211.ko: kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko kernel/lib/crypto/libarc4.ko
kernel/drivers/net/wireless/mac80211_hwsim.ko: kernel/net/mac80211/mac80211.ko kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko kernel/lib/crypto/libarc4.ko
kernel/drivers/net/failover.ko:
kernel/drivers/net/net_failover.ko: kernel/drivers/net/failover.ko
kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/drivers/net/failover.ko
kernel/sound/soc/snd-soc-core.ko:
kernel/sound/soc/ti/snd-soc-ti-udma.ko: kernel/sound/soc/snd-soc-core.ko
updates/kernel/drivers/net/wireless/rtl8xxxu.ko: kernel/net/mac80211/mac80211.ko kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko kernel/lib/crypto/libarc4.ko
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("WriteDep (-want +got):\n%s", diff)
	}
}

// TestWriteDepRoundTrip checks that a tree indexed from the modules.dep that
// WriteDep wrote gives the same closures, in an order where every module
// comes after all it needs. Built-in modules are left out: modules.dep, like
// depmod's, does not list them.
func TestWriteDepRoundTrip(t *testing.T) {
	fsys := wifiTree(t)
	scanned := openFake(t, fsys)
	var buf bytes.Buffer
	if err := scanned.WriteDep(&buf); err != nil {
		t.Fatal(err)
	}
	fsys["modules.dep"] = &fstest.MapFile{Data: buf.Bytes()}
	fromDep := openFake(t, fsys)
	if fromDep.scanned {
		t.Fatal("Open scanned the tree despite its modules.dep")
	}
	for _, name := range []string{"mac80211_hwsim", "rtl8xxxu", "virtio_net", "snd_soc_ti_udma"} {
		want, err := scanned.Closure(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fromDep.Closure(name)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(loadable(want), loadable(got), sortStrings); diff != "" {
			t.Errorf("Closure(%s) modules (-scanned +modules.dep):\n%s", name, diff)
		}
		checkLoadOrder(t, got)
	}
}

var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func names(mods []Module) []string {
	var out []string
	for _, m := range mods {
		out = append(out, m.Name)
	}
	return out
}

// loadable leaves out built-in modules, which modules.dep does not list.
func loadable(mods []Module) []string {
	var out []string
	for _, m := range mods {
		if !m.Builtin {
			out = append(out, m.Name)
		}
	}
	return out
}

// checkLoadOrder fails unless every module comes after every module it depends on.
func checkLoadOrder(t *testing.T, mods []Module) {
	t.Helper()
	pos := make(map[string]int)
	for i, m := range mods {
		pos[m.Name] = i
	}
	for i, m := range mods {
		for _, d := range m.Depends {
			if j, ok := pos[d]; !ok || j >= i {
				t.Errorf("%s comes before %s, which it needs (%v)", m.Name, d, names(mods))
			}
		}
	}
}

func TestWriteDepErrors(t *testing.T) {
	tests := []struct {
		name    string
		drop    []string
		wantErr string
	}{
		{name: "missing dependency", drop: []string{"kernel/drivers/misc/loop_a.ko", "kernel/drivers/misc/loop_b.ko"}, wantErr: `write modules.dep: module "ghost" (needed by broken) not found in the modules tree`},
		{name: "cycle", drop: []string{"kernel/drivers/misc/broken.ko"}, wantErr: "write modules.dep: dependency cycle among 2 modules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fakeTree(t)
			for _, p := range tt.drop {
				delete(fsys, p)
			}
			err := openFake(t, fsys).WriteDep(&strings.Builder{})
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("WriteDep error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
