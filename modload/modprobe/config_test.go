package modprobe

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestCmdlineBlacklist(t *testing.T) {
	tests := []struct {
		name, cmdline string
		want          []string
	}{
		{name: "both, repeated", cmdline: "root=/dev/nfs modprobe.blacklist=pcspkr,snd-pcsp module_blacklist=evil quiet modprobe.blacklist=x\n", want: []string{"pcspkr", "snd-pcsp", "evil", "x"}},
		{name: "dashes in the kernel's name", cmdline: "module-blacklist=a", want: []string{"a"}},
		{name: "quoted", cmdline: `"modprobe.blacklist=a,b"`, want: []string{"a", "b"}},
		{name: "no value", cmdline: "modprobe.blacklist module_blacklist=", want: []string{""}},
		{name: "after --, for init", cmdline: "ro -- modprobe.blacklist=a", want: nil},
		{name: "others", cmdline: "brcmfmac.blacklist=1 blacklist=a", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, cmdlineBlacklist(tt.cmdline)); diff != "" {
				t.Errorf("cmdlineBlacklist(%q) (-want +got):\n%s", tt.cmdline, diff)
			}
		})
	}
}

func TestLoadConf(t *testing.T) {
	root := fstest.MapFS{
		"etc/modprobe.d/a.conf": {Data: []byte("blacklist pcspkr\noptions nfs timeo=14\nbogus\n")},
		"lib/modprobe.d/b.conf": {Data: []byte("alias fs-nfs nfs\n")},
	}
	conf, err := LoadConf(root, "modprobe.blacklist=snd-b nfs.timeo=30")
	if want := `/etc/modprobe.d/a.conf line 3: unknown command "bogus"; line ignored`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if !conf.Blacklisted("pcspkr") || !conf.Blacklisted("snd_b") || conf.Blacklisted("nfs") {
		t.Errorf("Blacklist = %v, want pcspkr and snd_b", conf.Blacklist)
	}
	if diff := cmp.Diff([]string{"timeo=14"}, conf.OptionsFor("nfs", "")); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
	if len(conf.Aliases) != 1 {
		t.Errorf("Aliases = %v, want the one of /lib/modprobe.d", conf.Aliases)
	}
	if diff := cmp.Diff(map[string][]string{"nfs": {"timeo=30"}}, cmdlineParams("nfs.timeo=30 modprobe.blacklist=x")); diff != "" {
		t.Errorf("cmdlineParams (-want +got):\n%s", diff)
	}
}

// TestIntegrationShowConfig compares this machine's configuration, as
// LoadConf reads it with /proc/cmdline, with what "modprobe -c" prints
// before it dumps the indexes: the same options, blacklist, alias and
// softdep lines.
func TestIntegrationShowConfig(t *testing.T) {
	out, err := exec.Command("modprobe", "-c").Output()
	if err != nil {
		t.Skipf("modprobe -c: %v", err)
	}
	cmd, err := os.ReadFile("/proc/cmdline")
	if err != nil {
		t.Skip(err)
	}
	conf, err := LoadConf(os.DirFS("/"), string(cmd))
	if err != nil {
		t.Logf("LoadConf: %v", err)
	}
	var got []string
	for _, o := range conf.Options {
		got = append(got, "options "+o.Module+" "+o.Options)
	}
	for name, params := range cmdlineParams(string(cmd)) { // modprobe -c lists them as options lines
		for _, p := range params {
			got = append(got, "options "+name+" "+p)
		}
	}
	for name := range conf.Blacklist {
		got = append(got, "blacklist "+name)
	}
	for _, a := range conf.Aliases {
		got = append(got, "alias "+a.Pattern+" "+a.Module)
	}
	for _, s := range conf.Softdeps {
		got = append(got, "softdep "+s.Pattern+" "+s.Softdep.String())
	}
	var want []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "# End of configuration files") {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			want = append(want, line)
		}
	}
	if !sameLines(want, got) {
		t.Errorf("configuration differs:\nmodprobe -c:\n%s\nLoadConf:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
	t.Logf("%d lines the same as modprobe -c", len(want))
}

func sameLines(a, b []string) bool {
	count := make(map[string]int)
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

func FuzzCmdlineBlacklist(f *testing.F) {
	f.Add("modprobe.blacklist=a,b module_blacklist=c -- modprobe.blacklist=d")
	f.Add(`"modprobe.blacklist=a b" x="y`)
	f.Fuzz(func(t *testing.T, cmd string) {
		for _, name := range cmdlineBlacklist(cmd) {
			if strings.Contains(name, ",") {
				t.Errorf("name %q has a comma", name)
			}
		}
	})
}
