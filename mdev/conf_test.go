package mdev

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var ignoreCompiled = cmpopts.IgnoreUnexported(Rule{}, EnvMatch{})

var testIDs = IDs{
	Users:  map[string]uint32{"root": 0, "pi": 1000},
	Groups: map[string]uint32{"root": 0, "disk": 6, "audio": 29, "video": 44, "dialout": 20},
}

func TestParseConf(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Rule
	}{
		{
			name: "device regex, names resolved",
			in:   "# comment\n\nnull 0:0 666\nmmcblk[0-9]p[0-9] root:disk 660\n",
			want: []Rule{
				{Line: 3, Pattern: "null", Mode: 0o666},
				{Line: 4, Pattern: "mmcblk[0-9]p[0-9]", GID: 6, Mode: 0o660},
			},
		},
		{
			name: "tabs, CRLF and a leading blank",
			in:   "  ttyAMA0\t\troot:dialout\t0660\r\n",
			want: []Rule{{Line: 1, Pattern: "ttyAMA0", GID: 20, Mode: 0o660}},
		},
		{
			name: "move, move and link, no node",
			in:   "(tun|tap) root:root 660 =net/%1\nsd([a-z]) 0:6 660 >disk/%1/0\ntty[a-z]. 0:0 660 !\nloop[0-9]+ 0:0 640 =loop/\n",
			want: []Rule{
				{Line: 1, Pattern: "(tun|tap)", Mode: 0o660, Node: NodeMove, Path: "net/%1"},
				{Line: 2, Pattern: "sd([a-z])", GID: 6, Mode: 0o660, Node: NodeMoveLink, Path: "disk/%1/0"},
				{Line: 3, Pattern: "tty[a-z].", Mode: 0o660, Node: NodeNone},
				{Line: 4, Pattern: "loop[0-9]+", Mode: 0o640, Node: NodeMove, Path: "loop/"},
			},
		},
		{
			name: "commands on add, remove and both",
			in: "$MODALIAS=.* 0:0 660 @modprobe \"$MODALIAS\"\n" +
				"sd[a-z][0-9] 0:6 660 >disk/ *mount-helper $MDEV # a comment, as in busybox\n" +
				"-eth[0-9] 0:0 600 $logger gone\n",
			want: []Rule{
				{Line: 1, Var: "MODALIAS", Pattern: ".*", Mode: 0o660, Command: Command{On: OnAdd, Text: `modprobe "$MODALIAS"`}},
				{Line: 2, Pattern: "sd[a-z][0-9]", GID: 6, Mode: 0o660, Node: NodeMoveLink, Path: "disk/",
					Command: Command{On: OnBoth, Text: "mount-helper $MDEV # a comment, as in busybox"}},
				{Line: 3, Continue: true, Pattern: "eth[0-9]", Mode: 0o600, Command: Command{On: OnRemove, Text: "logger gone"}},
			},
		},
		{
			name: "major,minor forms",
			in:   "@189,0-127 0:0 664\n@4,64 root:dialout 660\n",
			want: []Rule{
				{Line: 1, DevNum: &DevNumRange{Major: 189, MinorFirst: 0, MinorLast: 127}, Mode: 0o664},
				{Line: 2, DevNum: &DevNumRange{Major: 4, MinorFirst: 64, MinorLast: 64}, GID: 20, Mode: 0o660},
			},
		},
		{
			name: "env prefixes and continue",
			in:   "-SUBSYSTEM=sound;ACTION=add;.* 0:audio 660\nSUBSYSTEM=block;@8,0-15 0:6 660\nDEVTYPE=disk;$MODALIAS=scsi:.* 0:0 600\n",
			want: []Rule{
				{Line: 1, Continue: true, Env: []EnvMatch{{Var: "SUBSYSTEM", Pattern: "sound"}, {Var: "ACTION", Pattern: "add"}},
					Pattern: ".*", GID: 29, Mode: 0o660},
				{Line: 2, Env: []EnvMatch{{Var: "SUBSYSTEM", Pattern: "block"}}, DevNum: &DevNumRange{Major: 8, MinorLast: 15}, GID: 6, Mode: 0o660},
				{Line: 3, Env: []EnvMatch{{Var: "DEVTYPE", Pattern: "disk"}}, Var: "MODALIAS", Pattern: "scsi:.*", Mode: 0o600},
			},
		},
		{
			name: "special permission bits",
			in:   "foo 0:0 4755\n",
			want: []Rule{{Line: 1, Pattern: "foo", Mode: 0o755 | fs.ModeSetuid}},
		},
		{
			name: "subsystem/name form, regex with '='",
			in:   "-net/.* 0:0 600 @nameif\nfoo=bar 0:0 600\n",
			want: []Rule{
				{Line: 1, Continue: true, Pattern: "net/.*", Mode: 0o600, Command: Command{On: OnAdd, Text: "nameif"}},
				{Line: 2, Pattern: "foo=bar", Mode: 0o600},
			},
		},
		{
			// busybox since 1.20 (499597d6e): only a line's first '#' is a
			// comment; a command's goes to the shell, a regex's is matched.
			name: "'#' in a command and in a regex",
			in: "ttyUSB[0-9] 0:20 660 @ln -sf $MDEV modem${MDEV#ttyUSB}\n" +
				"  # an indented comment\n" +
				"foo#bar 0:0 600\n" +
				"mmcblk0p([0-9]) 0:6 660 =mmc/%1 # after the node\n",
			want: []Rule{
				{Line: 1, Pattern: "ttyUSB[0-9]", GID: 20, Mode: 0o660, Command: Command{On: OnAdd, Text: "ln -sf $MDEV modem${MDEV#ttyUSB}"}},
				{Line: 3, Pattern: "foo#bar", Mode: 0o600},
				{Line: 4, Pattern: "mmcblk0p([0-9])", GID: 6, Mode: 0o660, Node: NodeMove, Path: "mmc/%1"},
			},
		},
		{
			name: "comments after the fields and a continued line, as busybox reads them",
			in:   "ttyS[0-9]*\troot:dialout 660 # serial ports\r\n-SUBSYSTEM=net;.* 0:0 600 @/sbin/ifup \\\n\t$MDEV\nnull 0:0 666\n",
			want: []Rule{
				{Line: 1, Pattern: "ttyS[0-9]*", GID: 20, Mode: 0o660},
				{Line: 2, Continue: true, Env: []EnvMatch{{Var: "SUBSYSTEM", Pattern: "net"}}, Pattern: ".*", Mode: 0o600,
					Command: Command{On: OnAdd, Text: "/sbin/ifup \t$MDEV"}},
				{Line: 4, Pattern: "null", Mode: 0o666},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseConf(strings.NewReader(tt.in), testIDs)
			if err != nil {
				t.Fatalf("ParseConf() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got, ignoreCompiled); diff != "" {
				t.Errorf("ParseConf() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseConfErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		ids     IDLookup
		wantErr string
	}{
		{name: "too few fields", in: "null 0:0\n", wantErr: `mdev.conf line 1: want <device regex> <uid>:<gid> <permissions>, got "null 0:0"`},
		{name: "owner without colon", in: "null 0 666\n", wantErr: `mdev.conf line 1: owner "0" is not <uid>:<gid> (write 0:<group>)`},
		{name: "unknown user", in: "\nnull nobody:0 666\n", ids: testIDs, wantErr: `mdev.conf line 2: unknown user "nobody": not in the initramfs's /etc/passwd`},
		{name: "unknown group", in: "null 0:disk 666\n", wantErr: `mdev.conf line 1: unknown group "disk": not in the initramfs's /etc/group (numbers always work)`},
		{name: "symbolic mode", in: "null 0:0 u+rw\n", wantErr: `mdev.conf line 1: permissions "u+rw" are not octal`},
		{name: "mode too big", in: "null 0:0 17777\n", wantErr: "are not octal"},
		{name: "bad regex", in: "sd[a 0:0 660\n", wantErr: `mdev.conf line 1: regex "sd[a"`},
		{name: "perl class is not POSIX", in: `sd\d 0:0 660` + "\n", wantErr: `regex "sd\\d"`},
		{name: "bad env prefix regex", in: "SUBSYSTEM=(;sda 0:0 660\n", wantErr: `regex "(" for SUBSYSTEM`},
		{name: "bad $var", in: "$1X=.* 0:0 660\n", wantErr: `"$1X=.*" is not $ENVVAR=regex`},
		{name: "$var without =", in: "$MODALIAS 0:0 660\n", wantErr: "is not $ENVVAR=regex"},
		{name: "bad major,minor", in: "@8 0:0 660\n", wantErr: `"@8" is not @major,minor[-minor2]`},
		{name: "minor range backwards", in: "@8,16-1 0:0 660\n", wantErr: "is not @major,minor"},
		{name: "path leaves /dev", in: "sda 0:0 660 =../etc/shadow\n", wantErr: `path "../etc/shadow" must be relative to /dev`},
		{name: "absolute path", in: "sda 0:0 660 >/tmp/x\n", wantErr: "must be relative to /dev"},
		{name: "empty path", in: "sda 0:0 660 =\n", wantErr: "must be relative"},
		{name: "bang with text", in: "sda 0:0 660 !x\n", wantErr: `"!x": '!' (no node) takes nothing after it`},
		{name: "command without marker", in: "sda 0:0 660 mount /dev/sda\n", wantErr: `want =path, >path or ! and then @, $ or * before a command`},
		{name: "empty command", in: "sda 0:0 660 @ \n", wantErr: "empty command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, err := ParseConf(strings.NewReader(tt.in), tt.ids)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseConf() error = %v, want one containing %q", err, tt.wantErr)
			}
			if len(rules) != 0 {
				t.Errorf("ParseConf() kept %d bad rules", len(rules))
			}
		})
	}
}

func TestParseConfKeepsGoodLines(t *testing.T) {
	in := "null 0:0 666\nbroken\nzero 0:0 666\nsda 0:nogroup 660\n"
	rules, err := ParseConf(strings.NewReader(in), nil)
	for _, want := range []string{"mdev.conf line 2:", "mdev.conf line 4:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseConf() error = %v, want it to name %q", err, want)
		}
	}
	var lines []int
	for _, r := range rules {
		lines = append(lines, r.Line)
	}
	if diff := cmp.Diff([]int{1, 3}, lines); diff != "" {
		t.Errorf("lines of the rules kept (-want +got):\n%s", diff)
	}
}

func TestRuleString(t *testing.T) {
	in := "-SUBSYSTEM=block;sd([a-z]) root:disk 0660 >disk/%1 *helper $MDEV\n@189,0-127 0:0 664 !\n$MODALIAS=.* 0:0 4755 @x\n"
	want := []string{
		"-SUBSYSTEM=block;sd([a-z]) 0:6 660 >disk/%1 *helper $MDEV",
		"@189,0-127 0:0 664 !",
		"$MODALIAS=.* 0:0 4755 @x",
	}
	rules, err := ParseConf(strings.NewReader(in), testIDs)
	if err != nil {
		t.Fatalf("ParseConf() error = %v", err)
	}
	var got []string
	for _, r := range rules {
		got = append(got, r.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rule.String() (-want +got):\n%s", diff)
	}
}

func TestReadConf(t *testing.T) {
	fsys := fstest.MapFS{"etc/mdev.conf": {Data: []byte("null 0:0 666\n")}}
	rules, err := ReadConf(fsys, "etc/mdev.conf", nil)
	if err != nil || len(rules) != 1 {
		t.Fatalf("ReadConf() = %d rules, %v; want 1 rule", len(rules), err)
	}
	_, err = ReadConf(fsys, "etc/missing.conf", nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadConf(missing) error = %v, want fs.ErrNotExist", err)
	}
}

func TestParseIDFile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]uint32
		wantErr string
	}{
		{
			name: "passwd",
			in:   "root:x:0:0:root:/root:/bin/sh\n# comment\n\npi:x:1000:1000::/home/pi:/bin/sh\nroot:x:5:5::/:/bin/false\n",
			want: map[string]uint32{"root": 0, "pi": 1000},
		},
		{name: "group", in: "disk:x:6:\naudio:x:29:pi\n", want: map[string]uint32{"disk": 6, "audio": 29}},
		{name: "too few fields", in: "root:x\n", wantErr: `line 1: want name:password:id:..., got "root:x"`},
		{name: "id not a number", in: "root:x:0\nbad:x:y:\n", wantErr: `line 2: id "y" of bad is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseIDFile(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseIDFile() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseIDFile() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseIDFile() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadIDs(t *testing.T) {
	fsys := fstest.MapFS{
		"etc/passwd": {Data: []byte("root:x:0:0::/:/bin/sh\n")},
		"etc/group":  {Data: []byte("disk:x:6:\n")},
	}
	ids, err := ReadIDs(fsys)
	if err != nil {
		t.Fatalf("ReadIDs() error = %v", err)
	}
	want := IDs{Users: map[string]uint32{"root": 0}, Groups: map[string]uint32{"disk": 6}}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("ReadIDs() (-want +got):\n%s", diff)
	}
	ids, err = ReadIDs(fstest.MapFS{})
	if err != nil || len(ids.Users)+len(ids.Groups) != 0 {
		t.Errorf("ReadIDs(empty) = %v, %v; want empty maps, no error", ids, err)
	}
	_, err = ReadIDs(fstest.MapFS{"etc/group": {Data: []byte("bad\n")}})
	if err == nil || !strings.Contains(err.Error(), "read /etc/group: line 1") {
		t.Errorf("ReadIDs(bad group) error = %v, want it to name /etc/group line 1", err)
	}
}
