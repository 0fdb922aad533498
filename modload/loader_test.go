package modload

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// initCall is one call of a fake Loader.Init.
type initCall struct {
	File   string
	Params string
	Flags  int
}

// fakeKernel records Init calls and fails those listed in fail (by file name).
type fakeKernel struct {
	fail  map[string]error
	mu    sync.Mutex
	calls []initCall
}

func (k *fakeKernel) init(f fs.File, params string, flags int) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls = append(k.calls, initCall{File: fi.Name(), Params: params, Flags: flags})
	return k.fail[fi.Name()]
}

func errnoLike(syscall, msg string) error { return os.NewSyscallError(syscall, errors.New(msg)) }

func TestLoad(t *testing.T) {
	const dir = "/lib/modules/6.1.0-50-armmp"
	tests := []struct {
		name      string
		load      []string
		params    map[string][]string
		loaded    []string
		loadedErr error
		fail      map[string]error
		wantCalls []string // file names; every call has the same flags
		wantErr   []string // lines of the joined error
		wantLog   []string // lines the log must have
	}{
		{
			name:      "dependencies first, params joined, each once, name spelling",
			load:      []string{"mac80211_hwsim", "mac80211"},
			params:    map[string][]string{"mac80211-hwsim": {"radios=2", "channels=1"}},
			wantCalls: []string{"libarc4.ko", "rfkill.ko", "cfg80211.ko", "mac80211.ko", "mac80211_hwsim.ko radios=2 channels=1"},
			wantLog:   []string{"loaded module rfkill (needed by cfg80211)", "loaded module mac80211_hwsim (asked for) with radios=2 channels=1"},
		},
		{
			name:      "already loaded modules skipped",
			load:      []string{"mac80211_hwsim"},
			loaded:    []string{"cfg80211", "rfkill", "lib-arc4", "libarc4"},
			wantCalls: []string{"mac80211.ko", "mac80211_hwsim.ko"},
		},
		{
			name:      "EEXIST counts as loaded",
			load:      []string{"mac80211_hwsim"},
			fail:      map[string]error{"mac80211.ko": os.NewSyscallError("finit_module", fs.ErrExist)},
			wantCalls: []string{"libarc4.ko", "rfkill.ko", "cfg80211.ko", "mac80211.ko", "mac80211_hwsim.ko"},
			wantLog:   []string{"module mac80211 was already loaded"},
		},
		{
			name:      "built-in modules skipped",
			load:      []string{"rtl8xxxu"},
			wantCalls: []string{"libarc4.ko", "rfkill.ko", "cfg80211.ko", "mac80211.ko", "rtl8xxxu.ko"},
			wantLog:   []string{"module usbcore is built into the kernel"},
		},
		{
			name:      "dependents of a failed module not tried, the others are",
			load:      []string{"mac80211_hwsim", "virtio-net"},
			fail:      map[string]error{"cfg80211.ko": errnoLike("finit_module", "exec format error")},
			wantCalls: []string{"libarc4.ko", "rfkill.ko", "cfg80211.ko", "failover.ko", "net_failover.ko", "virtio_net.ko"},
			wantErr: []string{
				"load module cfg80211: finit_module " + dir + "/kernel/net/wireless/cfg80211.ko: exec format error",
				"load module mac80211: not tried: needs cfg80211: a module it needs failed to load",
				"load module mac80211_hwsim: not tried: needs mac80211: a module it needs failed to load",
			},
		},
		{
			name:      "unknown module reported, the others loaded",
			load:      []string{"foo", "virtio_net"},
			wantCalls: []string{"failover.ko", "net_failover.ko", "virtio_net.ko"},
			wantErr:   []string{`module "foo" not found in ` + dir},
		},
		{
			name:    "unknown dependency",
			load:    []string{"snd-soc-ti-udma"},
			wantErr: []string{`load module snd_soc_ti_udma: module "snd_soc_core" (needed by snd_soc_ti_udma) not found in ` + dir},
		},
		{
			name:      "plain error from Init, /proc/modules unreadable",
			load:      []string{"failover"},
			loadedErr: errors.New("no /proc"),
			fail:      map[string]error{"failover.ko": errors.New("boom")},
			wantCalls: []string{"failover.ko"},
			wantErr:   []string{"load module failover: finit_module " + dir + "/kernel/drivers/net/failover.ko: boom"},
			wantLog:   []string{"modules: cannot tell which modules are loaded: no /proc"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kernel := &fakeKernel{fail: tt.fail}
			var log strings.Builder
			fsys := wifiTree(t)
			delete(fsys, "kernel/sound/soc/snd-soc-core.ko")
			l := &Loader{
				Dir:    dir,
				FS:     fsys,
				Params: tt.params,
				Flags:  2,
				Jobs:   1,
				Init:   kernel.init,
				Loaded: func() ([]string, error) { return tt.loaded, tt.loadedErr },
				Log:    func(format string, args ...any) { fmt.Fprintf(&log, format+"\n", args...) },
			}
			err := l.Load(tt.load...)
			var gotCalls []string
			for _, c := range kernel.calls {
				if c.Flags != 2 {
					t.Errorf("Init(%s) flags %d, want 2", c.File, c.Flags)
				}
				gotCalls = append(gotCalls, strings.TrimSpace(c.File+" "+c.Params))
			}
			if diff := cmp.Diff(tt.wantCalls, gotCalls); diff != "" {
				t.Errorf("Init calls (-want +got):\n%s", diff)
			}
			var gotErr []string
			if err != nil {
				gotErr = strings.Split(err.Error(), "\n")
			}
			if diff := cmp.Diff(tt.wantErr, gotErr); diff != "" {
				t.Errorf("Load error (-want +got):\n%s", diff)
			}
			for _, line := range tt.wantLog {
				if !strings.Contains(log.String(), line+"\n") {
					t.Errorf("log %q has no line %q", log.String(), line)
				}
			}
		})
	}
}

func TestLoadErrorsMatch(t *testing.T) {
	kernel := &fakeKernel{fail: map[string]error{"cfg80211.ko": errnoLike("finit_module", "exec format error")}}
	l := &Loader{Dir: "/m", FS: wifiTree(t), Init: kernel.init, Loaded: func() ([]string, error) { return nil, nil }}
	err := l.Load("mac80211", "nope")
	if !errors.Is(err, ErrDependencyFailed) {
		t.Errorf("Load error %v does not match ErrDependencyFailed", err)
	}
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Name != "nope" {
		t.Errorf("Load error %v has no *NotFoundError for nope", err)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != "/m/kernel/net/wireless/cfg80211.ko" || pe.Op != "finit_module" {
		t.Errorf("Load error %v has no *fs.PathError for cfg80211.ko", err)
	}
}

func TestLoadBadTree(t *testing.T) {
	fsys := wifiTree(t)
	fsys["modules.builtin"].Data = []byte("nonsense\n")
	l := &Loader{Dir: "/m", FS: fsys, Init: (&fakeKernel{}).init}
	err := l.Load("mac80211")
	want := `load modules: open /m: parse modules.builtin line 1: "nonsense" is not a module path (*.ko)`
	if err == nil || err.Error() != want {
		t.Errorf("Load error = %v, want %q", err, want)
	}
}
