package initramfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

// modulesTree writes a small modules tree with a modules.dep, so the index
// needs no ELF files: nfsv3 needs nfs, which needs sunrpc.
func modulesTree(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lib/modules/6.1.0-test")
	files := map[string]string{
		"modules.dep": "kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko kernel/net/sunrpc/sunrpc.ko\n" +
			"kernel/fs/nfs/nfs.ko: kernel/net/sunrpc/sunrpc.ko\n" +
			"kernel/net/sunrpc/sunrpc.ko:\n" +
			"kernel/drivers/net/unused.ko:\n",
		"modules.builtin":              "kernel/drivers/virtio/virtio.ko\n",
		"kernel/fs/nfs/nfsv3.ko":       "nfsv3",
		"kernel/fs/nfs/nfs.ko":         "nfs",
		"kernel/net/sunrpc/sunrpc.ko":  "sunrpc",
		"kernel/drivers/net/unused.ko": "unused",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildModules(t *testing.T) {
	a, _, err := Build(Spec{Init: testutil.FakeInit(t), ModulesDir: modulesTree(t), Modules: []string{"nfsv3", "virtio"}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, data)
	read := func(name string) string {
		r, ok := recs[name]
		if !ok {
			t.Fatalf("no %s in the archive", name)
		}
		b := make([]byte, r.FileSize)
		if _, err := r.ReadAt(b, 0); err != nil && r.FileSize > 0 {
			t.Fatalf("read %s: %v", name, err)
		}
		return string(b)
	}
	base := "lib/modules/6.1.0-test/"
	for _, m := range []string{"kernel/fs/nfs/nfsv3.ko", "kernel/fs/nfs/nfs.ko", "kernel/net/sunrpc/sunrpc.ko"} {
		read(base + m)
	}
	if _, ok := recs[base+"kernel/drivers/net/unused.ko"]; ok {
		t.Error("a module nobody needs went in")
	}
	wantDep := "kernel/net/sunrpc/sunrpc.ko:\n" +
		"kernel/fs/nfs/nfs.ko: kernel/net/sunrpc/sunrpc.ko\n" +
		"kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko kernel/net/sunrpc/sunrpc.ko\n"
	if diff := cmp.Diff(wantDep, read(base+"modules.dep")); diff != "" {
		t.Errorf("modules.dep (-want +got):\n%s", diff)
	}
	if got := read("etc/modules-load.d/airroot.conf"); got != "nfsv3\nvirtio\n" {
		t.Errorf("modules-load list = %q", got)
	}
	if whyNFS := entryWhy(a, "lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko"); whyNFS != "module nfs, needed by nfsv3" {
		t.Errorf("why nfs.ko went in: %q", whyNFS)
	}
}

func TestBuildUnknownModule(t *testing.T) {
	_, _, err := Build(Spec{Init: testutil.FakeInit(t), ModulesDir: modulesTree(t), Modules: []string{"rtl8192cu"}})
	if err == nil || !strings.Contains(err.Error(), "rtl8192cu") {
		t.Errorf("Build = %v, want an error naming rtl8192cu", err)
	}
}

func TestBuildModulesAlias(t *testing.T) {
	a, warnings := buildWiFi(t, Spec{Modules: []string{"rtl8192cu", "virtio"}})
	alias, ok := a.Lookup("lib/modules/6.1.0-test/modules.alias")
	if !ok {
		t.Fatal("no modules.alias")
	}
	want := "alias crypto-ccm mac80211\nalias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8192cu\n"
	if diff := cmp.Diff(want, string(alias)); diff != "" {
		t.Errorf("modules.alias, only the included modules' (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"module virtio is built into the kernel (kernel/drivers/virtio/virtio.ko): nothing to load",
		"module rtl8192cu names firmware (rtlwifi/rtl8192cufw_TMSC.bin, rtlwifi/rtl8192cufw_A.bin, rtlwifi/rtl8192cufw.bin) but no --firmware-dir was given: none goes in",
	}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	dep, _ := a.Lookup("lib/modules/6.1.0-test/modules.dep")
	wantDep := "kernel/net/mac80211/mac80211.ko:\n" +
		"kernel/rtlwifi/rtlwifi.ko: kernel/net/mac80211/mac80211.ko\n" +
		"kernel/rtlwifi/rtl8192cu.ko: kernel/rtlwifi/rtlwifi.ko kernel/net/mac80211/mac80211.ko\n"
	if diff := cmp.Diff(wantDep, string(dep)); diff != "" {
		t.Errorf("modules.dep (-want +got):\n%s", diff)
	}
}

// TestBuildModulesFS takes the modules tree from an fs.FS, as from a .deb.
func TestBuildModulesFS(t *testing.T) {
	fsys := fstest.MapFS{
		"modules.dep":             {Data: []byte("kernel/a.ko: kernel/b.ko\nkernel/b.ko:\nkernel/d.ko:\nkernel/e.ko:\n")},
		"kernel/a.ko":             {Data: []byte("a")},
		"kernel/b.ko":             {Data: []byte("b")},
		"kernel/d.ko":             {Data: []byte("d")},
		"kernel/e.ko":             {Data: []byte("e")},
		"modules.builtin":         {Data: []byte("kernel/c.ko\n")},
		"modules.builtin.modinfo": {Data: []byte("c.alias=z\x00")},
		"modules.alias":           {Data: []byte("alias x a\nalias y c\n")},
		"modules.softdep":         {Data: []byte("softdep a post: d\nsoftdep e pre: a\n")},
		"modules.builtin.alias":   {Data: []byte("alias z c\n")},
	}
	a, _, err := Build(Spec{Init: testutil.FakeInit(t), ModulesFS: fsys, KernelRelease: "6.1.0-deb", ModulesWhere: "x.deb:lib/modules/6.1.0-deb", Modules: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range a.Entries() {
		if strings.HasPrefix(e.Name, "lib/") {
			names = append(names, e.Name)
		}
	}
	want := []string{
		"lib/modules/6.1.0-deb/kernel/a.ko", "lib/modules/6.1.0-deb/kernel/b.ko", "lib/modules/6.1.0-deb/kernel/d.ko",
		"lib/modules/6.1.0-deb/modules.alias", "lib/modules/6.1.0-deb/modules.builtin",
		"lib/modules/6.1.0-deb/modules.builtin.modinfo", "lib/modules/6.1.0-deb/modules.dep", "lib/modules/6.1.0-deb/modules.softdep",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if sd, _ := a.Lookup("lib/modules/6.1.0-deb/modules.softdep"); string(sd) != "softdep a post: d\n" {
		t.Errorf("modules.softdep = %q, want a's softdep only", sd)
	}
	if why := entryWhy(a, "lib/modules/6.1.0-deb/kernel/d.ko"); why != "module d, post softdep of a" {
		t.Errorf("why d.ko went in: %q", why)
	}
	if alias, _ := a.Lookup("lib/modules/6.1.0-deb/modules.alias"); string(alias) != "alias x a\n" {
		t.Errorf("modules.alias = %q, want a's alias only", alias)
	}
	_, _, err = Build(Spec{Init: testutil.FakeInit(t), ModulesFS: fsys, KernelRelease: "6.1.0-deb", ModulesWhere: "x.deb:lib/modules/6.1.0-deb", Modules: []string{"nope"}})
	if err == nil || !strings.Contains(err.Error(), "x.deb") {
		t.Errorf("Build(unknown module) = %v, want an error naming x.deb", err)
	}
}

// entryWhy is why the archive says name went in; "" when it has no name.
func entryWhy(a *Archive, name string) string {
	for _, e := range a.Entries() {
		if e.Name == name {
			return e.Why
		}
	}
	return ""
}

// TestBuildIncludeModules puts modules in for autoload: all of a folder,
// and one by name, with what they need, none of them in the list PID 1
// loads at boot.
func TestBuildIncludeModules(t *testing.T) {
	spec := Spec{Init: testutil.FakeInit(t), ModulesDir: modulesTree(t), Modules: []string{"nfs"}, IncludeModules: []string{"kernel/drivers/net/", "nfsv3"}}
	a, warnings, err := Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	base := "lib/modules/6.1.0-test/"
	want := map[string]string{
		base + "kernel/net/sunrpc/sunrpc.ko":  "module sunrpc, needed by nfs",
		base + "kernel/fs/nfs/nfs.ko":         "module nfs, asked for",
		base + "kernel/drivers/net/unused.ko": "module unused, for autoload (--include-modules)",
		base + "kernel/fs/nfs/nfsv3.ko":       "module nfsv3, for autoload (--include-modules)",
	}
	got := map[string]string{}
	for name := range want {
		got[name] = entryWhy(a, name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("why each module went in (-want +got):\n%s\nwarnings: %q", diff, warnings)
	}
	if list, _ := a.Lookup("etc/modules-load.d/airroot.conf"); string(list) != "nfs\n" {
		t.Errorf("modules-load list = %q, want nfs only", list)
	}
	spec.IncludeModules = []string{"kernel/sound"}
	if _, _, err := Build(spec); err == nil || !strings.Contains(err.Error(), "no module under kernel/sound") {
		t.Errorf("Build(empty folder) = %v, want an error naming the folder", err)
	}
}
