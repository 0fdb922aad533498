package modload

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const sampleConf = `# /etc/modprobe.d/airroot.conf
options mac80211-hwsim radios=2 channels=1
options brcmfmac roamoff=1   
blacklist pcspkr
alias net-pf-31 bluetooth
alias wlan[0-9]* brcm-fmac
softdep nfs pre: sunrpc crypto-md5 post: nfsv3
softdep c* pre: x
install usb-storage /bin/true
install foo /sbin/modprobe --ignore-install foo && echo done
remove foo echo bye
weakdep snd_hda pre: x
options cfg80211 \
	ieee80211_regdom=DE
options long a\=b c\\d
	# an indented comment
`

func TestParseModprobeConf(t *testing.T) {
	got, err := ParseModprobeConf(strings.NewReader(sampleConf))
	if err != nil {
		t.Fatal(err)
	}
	want := Conf{
		Options: []ModuleOptions{
			{Module: "mac80211_hwsim", Options: "radios=2 channels=1"},
			{Module: "brcmfmac", Options: "roamoff=1"},
			{Module: "cfg80211", Options: "ieee80211_regdom=DE"},
			{Module: "long", Options: `a=b c\d`},
		},
		Blacklist: map[string]bool{"pcspkr": true},
		Aliases:   Aliases{{Pattern: "net_pf_31", Module: "bluetooth"}, {Pattern: "wlan[0-9]*", Module: "brcm_fmac"}},
		Softdeps: Softdeps{
			{Pattern: "nfs", Softdep: Softdep{Pre: []string{"sunrpc", "crypto-md5"}, Post: []string{"nfsv3"}}},
			{Pattern: "c*", Softdep: Softdep{Pre: []string{"x"}}},
		},
		Install: map[string]string{"usb_storage": "/bin/true", "foo": "/sbin/modprobe --ignore-install foo && echo done"},
		Remove:  map[string]string{"foo": "echo bye"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseModprobeConf (-want +got):\n%s", diff)
	}
}

func TestParseModprobeConfErrors(t *testing.T) {
	input := "options a x=1\r\n" +
		"options b\n" +
		"frobnicate c\n" +
		"include /etc/other.conf\n" +
		"blacklist\n" +
		"alias only-one\n" +
		"softdep d\n" +
		"blacklist e\n"
	got, err := ParseModprobeConf(strings.NewReader(input))
	wantErr := []string{
		`line 2: options: missing arguments in "options b"; line ignored`,
		`line 3: unknown command "frobnicate"; line ignored`,
		`line 4: include is not supported (modprobe dropped it too); line ignored`,
		`line 5: blacklist: missing arguments in "blacklist"; line ignored`,
		`line 6: alias: missing arguments in "alias only-one"; line ignored`,
		`line 7: softdep: missing arguments in "softdep d"; line ignored`,
	}
	if err == nil {
		t.Fatal("no error")
	}
	if diff := cmp.Diff(wantErr, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	want := Conf{Options: []ModuleOptions{{Module: "a", Options: "x=1"}}, Blacklist: map[string]bool{"e": true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the good lines (-want +got):\n%s", diff)
	}
}

func TestParseModprobeConfLineNumbers(t *testing.T) {
	// A continued line counts as its physical lines; errors name the first.
	_, err := ParseModprobeConf(strings.NewReader("options a \\\n b=1\n\nbogus\n"))
	if want := `line 4: unknown command "bogus"; line ignored`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseModprobeConfReadError(t *testing.T) {
	_, err := ParseModprobeConf(errReader{})
	if want := "read line 1: disk on fire"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestConfLookups(t *testing.T) {
	c, err := ParseModprobeConf(strings.NewReader(sampleConf + "options fs-nfs nfs4_disable_idmapping=0\noptions nfs timeo=14\n"))
	if err != nil {
		t.Fatal(err)
	}
	c.AddBlacklist("snd-pcsp", "")
	tests := []struct {
		name string
		got  any
		want any
	}{
		{name: "options by name and alias in file order", got: c.OptionsFor("nfs", "fs-nfs"), want: []string{"nfs4_disable_idmapping=0", "timeo=14"}},
		{name: "options by dash spelling", got: c.OptionsFor("mac80211-hwsim", ""), want: []string{"radios=2 channels=1"}},
		{name: "no options", got: c.OptionsFor("x", ""), want: []string(nil)},
		{name: "blacklisted", got: c.Blacklisted("pcspkr") && c.Blacklisted("snd_pcsp"), want: true},
		{name: "not blacklisted", got: c.Blacklisted("nfs") || c.Blacklisted(""), want: false},
		{name: "nil conf", got: (*Conf)(nil).Blacklisted("x") || (*Conf)(nil).OptionsFor("x", "") != nil, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, tt := range []struct {
		name string
		want Softdep
		ok   bool
	}{
		{name: "nfs", want: Softdep{Pre: []string{"sunrpc", "crypto-md5"}, Post: []string{"nfsv3"}}, ok: true},
		{name: "ccm", want: Softdep{Pre: []string{"x"}}, ok: true}, // matches c*
		{name: "ext4", ok: false},
	} {
		got, ok := c.Softdep(tt.name)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" || ok != tt.ok {
			t.Errorf("Softdep(%s) = %v (-want +got):\n%s", tt.name, ok, diff)
		}
	}
}

func TestConfWriteTo(t *testing.T) {
	c, err := ParseModprobeConf(strings.NewReader(sampleConf))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := ParseModprobeConf(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, again); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
}

func TestReadModprobeConf(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"etc/modprobe.d/b.conf":       file("options m from-etc-b\n"),
		"etc/modprobe.d/.hidden.conf": file("options m hidden\n"),
		"etc/modprobe.d/notes.txt":    file("options m txt\n"),
		"etc/modprobe.d/.conf":        file("options m dotconf\n"),
		"etc/modprobe.d/sub.conf/x":   file("options m subdir\n"),
		"lib/modprobe.d/a.conf":       file("options m from-lib-a\nbogus\n"),
		"lib/modprobe.d/b.conf":       file("options m hidden-by-etc\n"),
		"lib/modprobe.d/c.conf":       file("options m from-lib-c\n"),
	}
	got, err := ReadModprobeConf(fsys, ModprobeDirs...)
	want := []string{"from-lib-a", "from-etc-b", "from-lib-c"}
	if diff := cmp.Diff(want, got.OptionsFor("m", "")); diff != "" {
		t.Errorf("options in reading order (-want +got):\n%s", diff)
	}
	if want := `/lib/modprobe.d/a.conf line 2: unknown command "bogus"; line ignored`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestReadModprobeConfSkips(t *testing.T) {
	fsys := fstest.MapFS{"etc/modprobe.d/a.conf": &fstest.MapFile{Mode: fs.ModeDir}}
	c, err := ReadModprobeConf(fsys, "etc/modprobe.d", "etc/missing")
	if err != nil || len(c.Options) > 0 {
		t.Errorf("a directory called a.conf, a missing directory: %v, %v; want both skipped", c, err)
	}
}

// brokenDirFS fails to list the directory etc/modprobe.d.
type brokenDirFS struct{ fstest.MapFS }

func (b brokenDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == "etc/modprobe.d" {
		return nil, errors.New("I/O error")
	}
	return b.MapFS.ReadDir(name)
}

func TestReadModprobeConfUnreadableDir(t *testing.T) {
	fsys := brokenDirFS{fstest.MapFS{"lib/modprobe.d/a.conf": &fstest.MapFile{Data: []byte("blacklist x\n")}}}
	c, err := ReadModprobeConf(fsys, ModprobeDirs...)
	if want := "read modprobe configuration /etc/modprobe.d: I/O error"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if !c.Blacklisted("x") {
		t.Error("the readable directory was not read")
	}
}

func FuzzParseModprobeConf(f *testing.F) {
	f.Add(sampleConf)
	f.Add("options a b\\\n c\r\nsoftdep x y pre: post:\ninstall z \\\\bin\\true\n")
	f.Fuzz(func(t *testing.T, input string) {
		c, _ := ParseModprobeConf(strings.NewReader(input))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		again, err := ParseModprobeConf(&buf)
		if err != nil {
			t.Fatalf("ParseModprobeConf of WriteTo output %q: %v", text, err)
		}
		if diff := cmp.Diff(c, again, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip of %q (-first +second):\n%s", text, diff)
		}
	})
}
