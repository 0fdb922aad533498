package modload

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadAliasAndSoftdeps(t *testing.T) {
	const dir = "/lib/modules/6.1.0-50-armmp"
	tests := []struct {
		name      string
		conf      string
		load      []string // names for Load
		alias     string   // or an alias for LoadAlias
		fail      map[string]error
		wantCalls []string
		wantErr   string
		wantLog   []string
	}{
		{
			name:      "softdeps: pre before, post after",
			load:      []string{"nfs"},
			wantCalls: []string{"sunrpc.ko", "lockd.ko", "md5.ko", "nfs.ko timeo=30", "nfsv3.ko"},
			wantLog:   []string{"loaded module md5 (pre softdep of nfs)", "loaded module nfsv3 (post softdep of nfs)", "loaded module lockd (needed by nfs)"},
		},
		{
			name:      "a failed softdep is logged, not an error",
			load:      []string{"nfs"},
			fail:      map[string]error{"md5.ko": errors.New("boom")},
			wantCalls: []string{"sunrpc.ko", "lockd.ko", "md5.ko", "nfs.ko timeo=30", "nfsv3.ko"},
			wantLog:   []string{"load module md5: finit_module " + dir + "/kernel/crypto/md5.ko: boom (pre softdep of nfs; going on without it)"},
		},
		{
			name:      "a failed required module stops its users only",
			load:      []string{"nfs", "ipv6"},
			fail:      map[string]error{"lockd.ko": errors.New("boom")},
			wantCalls: []string{"sunrpc.ko", "lockd.ko", "ipv6.ko", "md5.ko"},
			wantErr: "load module lockd: finit_module " + dir + "/kernel/fs/lockd/lockd.ko: boom\n" +
				"load module nfs: not tried: needs lockd: a module it needs failed to load",
			wantLog: []string{"load module nfsv3: not tried: needs nfs: a module it needs failed to load (post softdep of nfs; going on without it)"},
		},
		{
			name:      "softdep cycle broken",
			load:      []string{"ccm"},
			wantCalls: []string{"ctr.ko", "ccm.ko"},
		},
		{
			name:      "missing softdep skipped",
			load:      []string{"ipv6"},
			wantCalls: []string{"ipv6.ko"},
			wantLog:   []string{`softdep ghost (pre softdep of ipv6) skipped: no module or alias matches "ghost" in ` + dir},
		},
		{
			name:      "modprobe.d softdep replaces the module's own",
			conf:      "softdep nfs pre: snd-a\n",
			load:      []string{"nfs"},
			wantCalls: []string{"sunrpc.ko", "lockd.ko", "snd-a.ko", "nfs.ko timeo=30"},
		},
		{
			name:      "options: modprobe.d for name and alias in file order, then the command line",
			conf:      "softdep nfs pre:\noptions nfs timeo=14\noptions fs-nfs vers=3\noptions nfs retrans=2\n",
			alias:     "fs-nfs",
			wantCalls: []string{"sunrpc.ko", "lockd.ko", "nfs.ko timeo=14 vers=3 retrans=2 timeo=30"},
			wantLog:   []string{"loaded module nfs (for fs-nfs) with timeo=14 vers=3 retrans=2 timeo=30"},
		},
		{
			name:      "modalias, already loaded dependency skipped",
			alias:     "virtio:d00000001v00001AF4",
			wantCalls: []string{"net_failover.ko", "virtio_net.ko"},
			wantLog:   []string{"loaded module virtio_net (for virtio:d00000001v00001AF4)", "loaded module net_failover (needed by virtio_net)"},
		},
		{
			name:      "blacklist applies to aliases",
			conf:      "blacklist snd-b\n",
			alias:     "snd-card-0",
			wantCalls: []string{"snd-a.ko"},
		},
		{
			name:      "blacklist does not apply to names",
			conf:      "blacklist snd-b\n",
			alias:     "snd-b",
			wantCalls: []string{"snd-b.ko"},
		},
		{
			name:    "only blacklisted modules match: nothing to do",
			conf:    "blacklist snd_a\nblacklist snd_b\n",
			alias:   "snd-card-1",
			wantLog: []string{"alias snd-card-1: not loading blacklisted snd_a, snd_b"},
		},
		{
			name:      "modprobe.d alias first",
			conf:      "alias net-pf-10 md5\n",
			alias:     "net-pf-10",
			wantCalls: []string{"md5.ko"},
		},
		{
			name:    "built-in module by alias",
			alias:   "crypto-hmac",
			wantLog: []string{"module hmac is built into the kernel"},
		},
		{
			name:    "nothing matches",
			alias:   "crypto-ccm(aes)",
			wantErr: `no module or alias matches "crypto-ccm(aes)" in ` + dir,
		},
		{
			name:    "install /bin/true: not loaded, fine",
			conf:    "install ipv6 /bin/true\n",
			alias:   "net-pf-10",
			wantLog: []string{`module ipv6 (for net-pf-10) not loaded: modprobe.d says "install ipv6 /bin/true"`},
		},
		{
			name:    "install /bin/false: refused",
			conf:    "install md5 /bin/false\n",
			load:    []string{"md5"},
			wantErr: `load module md5: refused by "install md5 /bin/false" in modprobe.d`,
		},
		{
			name:      "install /bin/false on a dependency: its users not tried",
			conf:      "install sunrpc /bin/false\nsoftdep nfs pre:\n",
			load:      []string{"nfs", "ccm"},
			wantCalls: []string{"ctr.ko", "ccm.ko"},
			wantErr: `load module sunrpc: refused by "install sunrpc /bin/false" in modprobe.d` + "\n" +
				"load module lockd: not tried: needs sunrpc: a module it needs failed to load\n" +
				"load module nfs: not tried: needs lockd: a module it needs failed to load",
		},
		{
			name:      "install command for a name with no module",
			conf:      "install dummy0 /bin/true\n",
			alias:     "dummy0",
			wantCalls: nil,
			wantLog:   []string{`module dummy0 (asked for) not loaded`},
		},
		{
			name:      "other install commands are not run",
			conf:      "install ccm /sbin/modprobe --ignore-install ccm && echo hi\nsoftdep ccm pre:\n",
			load:      []string{"ccm"},
			wantCalls: []string{"ccm.ko"},
			wantLog:   []string{`module ccm: modprobe.d says "install ccm /sbin/modprobe --ignore-install ccm && echo hi": not supported: install commands are ignored; loading the module`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &recordingKernel{fail: func(c kernelCall) error { return tt.fail[c.File] }}
			var log strings.Builder
			l := newNetLoader(t, tt.conf, k, &log)
			var err error
			if tt.alias != "" {
				err = l.LoadAlias(tt.alias)
			} else {
				err = l.Load(tt.load...)
			}
			if diff := cmp.Diff(tt.wantCalls, k.files()); diff != "" {
				t.Errorf("Init calls (-want +got):\n%s", diff)
			}
			var gotErr string
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("error:\n%s\nwant:\n%s", gotErr, tt.wantErr)
			}
			for _, line := range tt.wantLog {
				if !strings.Contains(log.String(), line) {
					t.Errorf("log has no %q:\n%s", line, log.String())
				}
			}
		})
	}
}

func TestLoadAliasNotFoundError(t *testing.T) {
	l := newNetLoader(t, "", &recordingKernel{}, &strings.Builder{})
	err := l.LoadAlias("fs-nope")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !nf.Alias || nf.Name != "fs-nope" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadAlias(fs-nope) = %v, want a *NotFoundError for the alias matching fs.ErrNotExist", err)
	}
}

func TestResolve(t *testing.T) {
	l := newNetLoader(t, "alias snd-card-9 md5\nblacklist snd_b\ninstall foo /bin/true\n", &recordingKernel{}, &strings.Builder{})
	tests := []struct {
		alias string
		want  []string
	}{
		{alias: "nfsv3", want: []string{"nfsv3"}},
		{alias: "snd-a", want: []string{"snd_a"}},
		{alias: "fs-nfs", want: []string{"nfs"}},
		{alias: "crypto-ctr(aes)", want: []string{"aes_arm_bs"}},
		{alias: "snd-card-0", want: []string{"snd_a"}},
		{alias: "snd-card-9", want: []string{"md5"}},
		{alias: "foo", want: []string{"foo"}},
		{alias: "hmac", want: []string{"hmac"}},
		{alias: "crypto-hmac", want: []string{"hmac"}},
		{alias: "md5:x", want: nil},
		{alias: "crypto-ccm(aes)", want: nil},
	}
	for _, tt := range tests {
		got, err := l.Resolve(tt.alias)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Resolve(%q) (-want +got):\n%s", tt.alias, diff)
		}
	}
}

func TestLoadSetupError(t *testing.T) {
	fsys := netTree(t)
	fsys["modules.softdep"].Data = []byte("frobnicate\n")
	l := &Loader{Dir: "/m", FS: fsys}
	for _, err := range []error{l.LoadAlias("x"), l.Load("x"), func() error { _, err := l.Resolve("x"); return err }()} {
		want := `load modules: open /m: parse modules.softdep: line 1: unknown command "frobnicate"; line ignored`
		if err == nil || err.Error() != want {
			t.Errorf("error = %v, want %q", err, want)
		}
	}
}

func TestIndexSoftdeps(t *testing.T) {
	ix := openFake(t, netTree(t))
	var buf bytes.Buffer
	if err := ix.WriteSoftdep(&buf); err != nil {
		t.Fatal(err)
	}
	// modules.order is absent: by path.
	want := "softdep ccm pre: ctr\nsoftdep ctr pre: ccm\nsoftdep nfs pre: crypto-md5 post: nfsv3\nsoftdep ipv6 pre: ghost\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("Softdeps (-want +got):\n%s", diff)
	}
}

func TestLoaderClosure(t *testing.T) {
	var log strings.Builder
	l := newNetLoader(t, "", &recordingKernel{}, &log)
	got, err := l.Closure("nfs", "ipv6", "crypto-hmac")
	var names []string
	for _, m := range got {
		names = append(names, m.Name)
	}
	// failover is loaded already: listed all the same. ghost, ipv6's
	// softdep, is logged. crypto-hmac is an alias, not a name.
	want := []string{"sunrpc", "lockd", "nfs", "ipv6", "md5", "nfsv3"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("Closure (-want +got):\n%s", diff)
	}
	if want := `module "crypto_hmac" not found in /lib/modules/6.1.0-50-armmp`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if !strings.Contains(log.String(), "softdep ghost (pre softdep of ipv6) skipped") {
		t.Errorf("log:\n%s", log.String())
	}
}

func TestSubsets(t *testing.T) {
	ix := openFake(t, netTree(t))
	aliases, err := ix.Aliases()
	if err != nil {
		t.Fatal(err)
	}
	wantAliases := Aliases{{"net-pf-10", "ipv6"}, {"fs-nfs", "nfs"}} // file order
	if diff := cmp.Diff(wantAliases, aliases.Of("ipv6", "nfs", "nfsv3")); diff != "" {
		t.Errorf("Aliases.Of (-want +got):\n%s", diff)
	}
	softdeps, err := ix.Softdeps()
	if err != nil {
		t.Fatal(err)
	}
	if got := softdeps.Of("nfs", "sunrpc"); len(got) != 1 || got[0].Pattern != "nfs" {
		t.Errorf("Softdeps.Of = %v, want nfs's", got)
	}
}
