package mdev

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

// FuzzParseMessage checks that a parsed message is consistent with its
// variables and survives Message and ParseMessage unchanged.
func FuzzParseMessage(f *testing.F) {
	f.Add(msg("add@/devices/pci0000:00/0000:00:03.0/virtio0", "ACTION=add", "SUBSYSTEM=virtio",
		"MODALIAS=virtio:d00000001v00001AF4", "SEQNUM=1234"))
	f.Add(msg("add@/devices/x/block/sda/sda1", "MAJOR=8", "MINOR=1", "DEVNAME=sda1"))
	f.Add(msg("add@/devices/x/firmware/a!b.bin", "SUBSYSTEM=firmware", "FIRMWARE=a/b.bin"))
	f.Add([]byte("libudev\x00\xfe\xed\xca\xfe"))
	f.Add([]byte("remove@/x\x00\x00A==\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := ParseMessage(data)
		if err != nil {
			return
		}
		if ev.Action == "" || !strings.HasPrefix(ev.DevPath, "/") {
			t.Fatalf("ParseMessage(%q) = %+v: no action or devpath", data, ev)
		}
		if ev.Env["ACTION"] != ev.Action || ev.Env["DEVPATH"] != ev.DevPath || ev.Env["DEVNAME"] != ev.DevName {
			t.Fatalf("ParseMessage(%q) = %+v: fields disagree with Env", data, ev)
		}
		if ev.HasDevNum() && (ev.Env["MAJOR"] == "" || ev.Env["MINOR"] == "") {
			t.Fatalf("ParseMessage(%q): device number without MAJOR and MINOR", data)
		}
		again, err := ParseMessage(ev.Message())
		if err != nil {
			t.Fatalf("ParseMessage(Message()) of %q: %v", data, err)
		}
		if diff := cmp.Diff(ev, again); diff != "" {
			t.Fatalf("ParseMessage(Message()) of %q (-want +got):\n%s", data, diff)
		}
	})
}

// FuzzParseUeventFile checks the variables of a parsed file and that
// writing them back as lines gives the same variables.
func FuzzParseUeventFile(f *testing.F) {
	f.Add([]byte("MAJOR=116\nMINOR=7\nDEVNAME=snd/controlC0\n"))
	f.Add([]byte("DRIVER=rtl8192cu\n\nMODALIAS=usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00"))
	f.Add([]byte("A=b=c\nA=d\n"))
	f.Add([]byte("no equals\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := ParseUeventFile(data)
		if err != nil {
			return
		}
		var b bytes.Buffer
		keys := make([]string, 0, len(env))
		for k := range env {
			if k == "" || strings.ContainsAny(k, "=\n") || strings.Contains(env[k], "\n") {
				t.Fatalf("ParseUeventFile(%q): bad variable %q=%q", data, k, env[k])
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%s\n", k, env[k])
		}
		again, err := ParseUeventFile(b.Bytes())
		if err != nil {
			t.Fatalf("ParseUeventFile(written back %q): %v", b.Bytes(), err)
		}
		if diff := cmp.Diff(env, again); diff != "" {
			t.Fatalf("ParseUeventFile of %q written back (-want +got):\n%s", data, diff)
		}
	})
}

// FuzzParseConf checks that every rule parsed prints as a line that parses
// to the same rule, that every error names its line, and that matching and
// path expansion never panic.
func FuzzParseConf(f *testing.F) {
	f.Add("null 0:0 666\nmmcblk[0-9]p[0-9] root:disk 660\n")
	f.Add("-SUBSYSTEM=block;sd([a-z]) root:disk 0660 >disk/%1 *helper $MDEV\n")
	f.Add("@189,0-127 0:0 664 !\n$MODALIAS=.* 0:0 4755 @modprobe \"$MODALIAS\"\n")
	f.Add("(tun|tap) root:root 660 =net/%1\n# comment\nloop[0-9]+ 0:0 640 =loop/\n")
	f.Add("sd[a 0:0 660\nnull 0\n")
	f.Add("ttyS[0-9]* 0:20 660 # serial\r\nnet/.* 0:0 600 @ifup \\\n$MDEV\nfoo#bar 0:0 600\n")
	testutil.AddFileSeeds(f, "testdata/real/*.conf")
	ev := Event{Action: "add", DevPath: "/devices/x/sda1", DevName: "sda1", Subsystem: "block", Major: 8, Minor: 1,
		Env: map[string]string{"ACTION": "add", "DEVPATH": "/devices/x/sda1", "DEVNAME": "sda1", "SUBSYSTEM": "block",
			"MAJOR": "8", "MINOR": "1", "MODALIAS": "scsi:t-0x00"}}
	f.Fuzz(func(t *testing.T, text string) {
		rules, err := ParseConf(strings.NewReader(text), testIDs)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "mdev.conf line ") && !strings.HasPrefix(line, "read mdev.conf") {
					t.Fatalf("ParseConf(%q): error line %q does not name its line", text, line)
				}
			}
		}
		for _, r := range rules {
			again, err := ParseConf(strings.NewReader(r.String()), nil)
			if err != nil || len(again) != 1 {
				t.Fatalf("ParseConf(%q) of rule from %q = %v, %v", r.String(), text, again, err)
			}
			r.Line = 1
			if diff := cmp.Diff(r, again[0], ignoreCompiled); diff != "" {
				t.Fatalf("rule %q printed and parsed (-want +got):\n%s", r.String(), diff)
			}
			if subs, ok := r.Match(ev); ok {
				expandPath(r.Path, subs, ev.Name())
			}
		}
	})
}

// FuzzParseIDFile checks that the names and ids parsed, written back as
// passwd lines, parse the same.
func FuzzParseIDFile(f *testing.F) {
	f.Add("root:x:0:0:root:/root:/bin/sh\n# comment\npi:x:1000:1000::/home/pi:/bin/sh\n")
	f.Add("disk:x:6:\naudio:x:29:pi\n")
	f.Add("root:x\n")
	f.Fuzz(func(t *testing.T, text string) {
		ids, err := ParseIDFile(strings.NewReader(text))
		if err != nil {
			return
		}
		var b strings.Builder
		for name, id := range ids {
			if name == "" || strings.ContainsAny(name, ":\n") {
				t.Fatalf("ParseIDFile(%q): bad name %q", text, name)
			}
			fmt.Fprintf(&b, "%s:x:%d\n", name, id)
		}
		again, err := ParseIDFile(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("ParseIDFile(written back %q): %v", b.String(), err)
		}
		if diff := cmp.Diff(ids, again); diff != "" {
			t.Fatalf("ParseIDFile of %q written back (-want +got):\n%s", text, diff)
		}
	})
}
