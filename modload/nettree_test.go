package modload

import (
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// netTree is a modules tree the way the builder ships it: modules.dep,
// modules.alias, modules.softdep, modules.builtin and
// modules.builtin.modinfo, so that Open reads no module file. The module
// files hold their own names (one is xz-compressed).
func netTree(t testing.TB) fstest.MapFS {
	t.Helper()
	dep := `kernel/net/sunrpc/sunrpc.ko:
kernel/fs/lockd/lockd.ko: kernel/net/sunrpc/sunrpc.ko
kernel/fs/nfs/nfs.ko: kernel/fs/lockd/lockd.ko kernel/net/sunrpc/sunrpc.ko
kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko kernel/fs/lockd/lockd.ko kernel/net/sunrpc/sunrpc.ko
kernel/crypto/md5.ko:
kernel/crypto/ccm.ko:
kernel/crypto/ctr.ko:
kernel/arch/arm/crypto/aes-arm-bs.ko.xz:
kernel/arch/arm/crypto/sha256-arm.ko.zst:
kernel/drivers/net/failover.ko:
kernel/drivers/net/net_failover.ko: kernel/drivers/net/failover.ko
kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/drivers/net/failover.ko
kernel/net/ipv6/ipv6.ko:
kernel/sound/snd-a.ko:
kernel/sound/snd-b.ko:
`
	alias := `alias crypto-md5 md5
alias crypto-ccm ccm
alias crypto-ctr ctr
alias crypto-ctr(aes) aes_arm_bs
alias crypto-sha256 sha256_arm
alias virtio:d00000001v* virtio_net
alias net-pf-10 ipv6
alias snd-card-* snd_a
alias snd-card-* snd_b
alias fs-nfs nfs
`
	softdep := `# Soft dependencies extracted from modules themselves.
softdep nfs pre: crypto-md5 post: nfsv3
softdep ccm pre: ctr
softdep ctr pre: ccm
softdep ipv6 pre: ghost
`
	fsys := fstest.MapFS{
		"modules.dep":             {Data: []byte(dep)},
		"modules.alias":           {Data: []byte(alias)},
		"modules.softdep":         {Data: []byte(softdep)},
		"modules.builtin":         {Data: []byte("kernel/crypto/hmac.ko\n")},
		"modules.builtin.modinfo": {Data: []byte("hmac.alias=crypto-hmac\x00hmac.alias=hmac\x00")},
	}
	for _, line := range strings.Split(strings.TrimSpace(dep), "\n") {
		p, _, _ := strings.Cut(line, ":")
		fsys[p] = &fstest.MapFile{Data: compress(t, compressionOf(p), []byte("module "+Name(p)))}
	}
	return fsys
}

// recordingKernel is a fake Init that records what it is given, safe for
// concurrent use. Its fail function decides each call's error.
type recordingKernel struct {
	mu    sync.Mutex
	calls []kernelCall
	fail  func(call kernelCall) error
}

type kernelCall struct {
	File, Params, Content string
	Flags                 int
}

func (k *recordingKernel) init(f fs.File, params string, flags int) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	call := kernelCall{File: fi.Name(), Params: params, Flags: flags, Content: string(data)}
	k.mu.Lock()
	k.calls = append(k.calls, call)
	k.mu.Unlock()
	if k.fail != nil {
		return k.fail(call)
	}
	return nil
}

// files returns the file names Init got, with their parameters.
func (k *recordingKernel) files() []string {
	var got []string
	for _, c := range k.calls {
		got = append(got, strings.TrimSpace(c.File+" "+c.Params))
	}
	return got
}

func newNetLoader(t *testing.T, conf string, k *recordingKernel, log *strings.Builder) *Loader {
	t.Helper()
	c, err := ParseModprobeConf(strings.NewReader(conf))
	if err != nil {
		t.Fatal(err)
	}
	return &Loader{
		Dir:    "/lib/modules/6.1.0-50-armmp",
		FS:     netTree(t),
		Conf:   &c,
		Params: map[string][]string{"nfs": {"timeo=30"}},
		Jobs:   1,
		Init:   k.init,
		Loaded: func() ([]string, error) { return []string{"failover"}, nil },
		Log:    func(format string, args ...any) { fmt.Fprintf(log, format+"\n", args...) },
	}
}
