package initramfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	a, err := Build(Spec{Init: fakeInit(t), ModulesDir: modulesTree(t), Modules: []string{"nfsv3", "virtio"}})
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
	var whyNFS string
	for _, e := range a.Entries() {
		if strings.HasSuffix(e.Name, "/nfs.ko") {
			whyNFS = e.Why
		}
	}
	if whyNFS != "module nfs, needed by nfsv3" {
		t.Errorf("why nfs.ko went in: %q", whyNFS)
	}
}

func TestBuildUnknownModule(t *testing.T) {
	_, err := Build(Spec{Init: fakeInit(t), ModulesDir: modulesTree(t), Modules: []string{"rtl8192cu"}})
	if err == nil || !strings.Contains(err.Error(), "rtl8192cu") {
		t.Errorf("Build = %v, want an error naming rtl8192cu", err)
	}
}
