package modprobe

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
)

const dir = "/lib/modules/6.1.0-50-armmp"

// modulesTree is a modules tree as the builder ships it: modules.dep and
// modules.alias, module files holding their names.
func modulesTree() fstest.MapFS {
	dep := `kernel/net/sunrpc/sunrpc.ko:
kernel/fs/nfs/nfs.ko: kernel/net/sunrpc/sunrpc.ko
kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko kernel/net/sunrpc/sunrpc.ko
kernel/crypto/ccm.ko:
kernel/crypto/ctr.ko:
kernel/net/ipv6/ipv6.ko:
kernel/sound/snd-b.ko:
`
	fsys := fstest.MapFS{
		"modules.dep": {Data: []byte(dep)},
		"modules.alias": {Data: []byte("alias fs-nfs nfs\nalias crypto-ccm ccm\nalias crypto-ctr ctr\n" +
			"alias net-pf-10 ipv6\nalias snd-card-* snd_b\n")},
		"modules.softdep": {Data: []byte("softdep ccm pre: crypto-ctr\n")},
		"modules.builtin": {Data: []byte("kernel/crypto/hmac.ko\n")},
	}
	for _, line := range strings.Split(strings.TrimSpace(dep), "\n") {
		p, _, _ := strings.Cut(line, ":")
		fsys[p] = &fstest.MapFile{Data: []byte(p)}
	}
	return fsys
}

// fakeKernel records the modules loaded; fail says which fail.
type fakeKernel struct {
	mu     sync.Mutex
	loaded []string
	fail   map[string]error
}

func (k *fakeKernel) init(f fs.File, params string, _ int) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.loaded = append(k.loaded, strings.TrimSpace(fi.Name()+" "+params))
	return k.fail[fi.Name()]
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		fail       map[string]error
		cmdlineErr error
		wantStatus int
		wantLoaded []string
		wantLog    []string // every record, in order
	}{
		{
			name:       "the kernel asks for an alias",
			args:       []string{"/init", "-q", "--", "crypto-ccm"},
			wantLoaded: []string{"ctr.ko", "ccm.ko"},
			wantLog: []string{
				"<6>airroot: modprobe: loaded module ctr (pre softdep of ccm)",
				"<6>airroot: modprobe: loaded module ccm (kernel request crypto-ccm)",
			},
		},
		{
			name:       "options from modprobe.d then the command line",
			args:       []string{"/init", "-q", "--", "fs-nfs"},
			wantLoaded: []string{"sunrpc.ko", "nfs.ko vers=3 timeo=30"},
			wantLog: []string{
				"<6>airroot: modprobe: loaded module sunrpc (needed by nfs)",
				"<6>airroot: modprobe: loaded module nfs (kernel request fs-nfs) with vers=3 timeo=30",
			},
		},
		{
			name:       "nothing matches, quietly",
			args:       []string{"/init", "-q", "--", "crypto-ccm(aes)"},
			wantStatus: 1,
			wantLog:    []string{`<7>airroot: modprobe: no module or alias matches "crypto-ccm(aes)" in ` + dir},
		},
		{
			name:       "nothing matches, not quietly",
			args:       []string{"modprobe", "netdev-wlan0"},
			wantStatus: 1,
			wantLog:    []string{`<3>airroot: modprobe: error: no module or alias matches "netdev-wlan0" in ` + dir},
		},
		{
			name:       "blacklisted by the command line: alias skipped, name loaded",
			args:       []string{"/init", "-q", "--", "snd-card-0", "snd-b"},
			wantLoaded: []string{"snd-b.ko"},
			wantLog: []string{
				"<6>airroot: modprobe: alias snd-card-0: not loading blacklisted snd_b",
				"<6>airroot: modprobe: loaded module snd_b (kernel request snd-b)",
			},
		},
		{
			name:       "-b: blacklisted names too",
			args:       []string{"/init", "-b", "snd-b", "ipv6"},
			wantLoaded: []string{"ipv6.ko"},
			wantLog: []string{
				"<6>airroot: modprobe: snd-b is blacklisted: not loaded",
				"<6>airroot: modprobe: loaded module ipv6 (kernel request ipv6)",
			},
		},
		{
			name:       "built in",
			args:       []string{"/init", "-q", "--", "hmac"},
			wantLog:    []string{"<6>airroot: modprobe: module hmac is built into the kernel"},
			wantLoaded: nil,
		},
		{
			name:       "a failure, the next name still tried",
			args:       []string{"/init", "-q", "--", "net-pf-10", "nfsv3"},
			fail:       map[string]error{"ipv6.ko": errors.New("boom"), "sunrpc.ko": fs.ErrExist},
			wantStatus: 1,
			wantLoaded: []string{"ipv6.ko", "sunrpc.ko", "nfs.ko vers=3 timeo=30", "nfsv3.ko"},
			wantLog: []string{
				"<3>airroot: modprobe: error: load module ipv6: finit_module " + dir + "/kernel/net/ipv6/ipv6.ko: boom",
				"<6>airroot: modprobe: module sunrpc was already loaded",
				"<6>airroot: modprobe: loaded module nfs (needed by nfsv3) with vers=3 timeo=30",
				"<6>airroot: modprobe: loaded module nfsv3 (kernel request nfsv3)",
			},
		},
		{
			name:       "usage",
			args:       []string{"/init", "-q", "--"},
			wantStatus: 1,
			wantLog:    []string{"<3>airroot: modprobe: error: no module named: usage: modprobe [-q] [-v] [-b] [-a] [--] NAME [NAME...]"},
		},
		{
			name:       "no arguments at all",
			args:       nil,
			wantStatus: 1,
			wantLog:    []string{"<3>airroot: modprobe: error: no module named: usage: modprobe [-q] [-v] [-b] [-a] [--] NAME [NAME...]"},
		},
		{
			name:       "no command line: no parameters, still loads",
			args:       []string{"/init", "-q", "--", "nfs"},
			cmdlineErr: errors.New("no /proc"),
			wantLoaded: []string{"sunrpc.ko", "nfs.ko vers=3"},
			wantLog: []string{
				"<3>airroot: modprobe: error: read the kernel command line: no /proc",
				"<6>airroot: modprobe: loaded module sunrpc (needed by nfs)",
				"<6>airroot: modprobe: loaded module nfs (kernel request nfs) with vers=3",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &fakeKernel{fail: tt.fail}
			var log strings.Builder
			sys := System{
				Root: fstest.MapFS{
					"etc/modprobe.d/nfs.conf": {Data: []byte("options nfs vers=3\n")},
				},
				Dir:     dir,
				Modules: modulesTree(),
				Cmdline: func() (modload.KernelParams, error) {
					// root=/dev/nfs nfs.timeo=30 modprobe.blacklist=snd_b quiet
					return modload.KernelParams{Params: map[string][]string{"nfs": {"timeo=30"}}, Blacklist: []string{"snd_b"}}, nil
				},
				Init:   k.init,
				Loaded: func() ([]string, error) { return nil, nil },
				Log:    &log,
			}
			if tt.cmdlineErr != nil {
				sys.Cmdline = func() (modload.KernelParams, error) { return modload.KernelParams{}, tt.cmdlineErr }
			}
			status := sys.Run(tt.args)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantLoaded, k.loaded); diff != "" {
				t.Errorf("modules loaded (-want +got):\n%s", diff)
			}
			got := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
			if diff := cmp.Diff(tt.wantLog, got); diff != "" {
				t.Errorf("kernel log (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKmsgLogOneWritePerLine(t *testing.T) {
	var w recordWriter
	log := &kmsgLog{w: &w}
	log.errorf("%v", errors.Join(errors.New("first"), errors.New("second")))
	want := []string{"<3>airroot: modprobe: error: first\n", "<3>airroot: modprobe: error: second\n"}
	if diff := cmp.Diff(want, w.writes); diff != "" {
		t.Errorf("writes (-want +got):\n%s", diff)
	}
}

type recordWriter struct{ writes []string }

func (w *recordWriter) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func ExampleInvoked() {
	// The kernel runs /proc/sys/kernel/modprobe, set to /init, like this:
	fmt.Println(Invoked([]string{"/init", "-q", "--", "crypto-ccm"}, 345))
	// PID 1 itself:
	fmt.Println(Invoked([]string{"/init"}, 1))
	// Output:
	// true
	// false
}

func TestRunZeroSystem(t *testing.T) {
	// No root, command line or log: modprobe.d and parameters are simply absent.
	k := &fakeKernel{}
	sys := System{Dir: dir, Modules: modulesTree(), Init: k.init, Loaded: func() ([]string, error) { return nil, nil }}
	if status := sys.Run([]string{"/init", "-q", "--", "nfs"}); status != 0 {
		t.Errorf("status %d, want 0", status)
	}
	if diff := cmp.Diff([]string{"sunrpc.ko", "nfs.ko"}, k.loaded); diff != "" {
		t.Errorf("modules loaded (-want +got):\n%s", diff)
	}
}
