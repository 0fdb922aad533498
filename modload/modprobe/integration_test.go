package modprobe

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestIntegrationRun runs modprobe the way the kernel does, for aliases the
// kernel asks for while bringing up Wi-Fi and an NFS root, against a real
// modules tree ($AIRROOT_MODULES_TREE), with a fake finit_module.
func TestIntegrationRun(t *testing.T) {
	tree := os.Getenv("AIRROOT_MODULES_TREE")
	if tree == "" {
		t.Skip("set AIRROOT_MODULES_TREE to a lib/modules/KVER directory")
	}
	tests := []struct {
		alias      string
		wantStatus int
		wantLoaded string // a module file it loads
	}{
		{alias: "crypto-ccm(aes)", wantStatus: 1}, // no module has this alias; the kernel asks for crypto-ccm next
		{alias: "crypto-ccm", wantLoaded: "ccm.ko"},
		{alias: "crypto-ctr(aes)", wantLoaded: "aes-arm-bs.ko"},
		{alias: "fs-nfs", wantLoaded: "nfs.ko"},
		{alias: "nfsv3", wantLoaded: "nfsv3.ko"},
		{alias: "net-pf-10"}, // ipv6, built into Debian's armmp kernel
		{alias: "virtio:d00000001v00001AF4", wantLoaded: "virtio_net.ko"},
		{alias: "crypto-hmac"}, // built in
		{alias: "crypto-crc32c", wantLoaded: "crc32c_generic.ko"},
	}
	k := &fakeKernel{}
	var log strings.Builder
	sys := System{
		Root:   fstest.MapFS{},
		Dir:    tree,
		Init:   k.init,
		Loaded: func() ([]string, error) { return nil, nil },
		Log:    &log,
	}
	for _, tt := range tests {
		before := len(k.loaded)
		status := sys.Run([]string{"/init", "-q", "--", tt.alias})
		loaded := k.loaded[before:]
		found := tt.wantLoaded == "" && len(loaded) == 0
		for _, file := range loaded {
			found = found || file == tt.wantLoaded
		}
		if status != tt.wantStatus || !found {
			t.Errorf("modprobe -q -- %s: status %d, loaded %q; want %d, %q", tt.alias, status, loaded, tt.wantStatus, tt.wantLoaded)
		}
	}
	t.Logf("kernel log:\n%s", log.String())
}
