package modprobe

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
)

func TestLoadConf(t *testing.T) {
	root := fstest.MapFS{
		"etc/modprobe.d/a.conf": {Data: []byte("blacklist pcspkr\noptions nfs timeo=14\nbogus\n")},
		"lib/modprobe.d/b.conf": {Data: []byte("alias fs-nfs nfs\n")},
	}
	conf, err := LoadConf(root, []string{"snd-b"})
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
	var kernel modload.KernelParams
	for _, param := range strings.Fields(string(cmd)) { // this machine's: no quotes
		if param == "--" {
			break // what follows is init's
		}
		name, value, hasValue := strings.Cut(param, "=")
		kernel.Add(name, value, hasValue)
	}
	conf, err := LoadConf(os.DirFS("/"), kernel.Blacklist)
	if err != nil {
		t.Logf("LoadConf: %v", err)
	}
	var got []string
	for _, o := range conf.Options {
		got = append(got, "options "+o.Module+" "+o.Options)
	}
	for name, params := range kernel.Params { // modprobe -c lists them as options lines
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
