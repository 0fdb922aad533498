package mdev

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

// realIDs are the users and groups of an Alpine initramfs's /etc/group.
var realIDs = IDs{Users: map[string]uint32{"root": 0}, Groups: map[string]uint32{
	"root": 0, "tty": 5, "disk": 6, "dialout": 20, "audio": 29, "video": 44, "netdev": 82, "input": 97,
}}

// TestParseConfRealFiles reads mdev.conf lines as Alpine and busybox's own
// documentation write them (testdata/real): every line is a rule, and the
// lines that once went wrong (a comment after the fields, ';' and '#' in
// a command, '!' in a regex) read as busybox reads them.
func TestParseConfRealFiles(t *testing.T) {
	tests := []struct {
		file  string
		rules int
		want  map[int]string // line: Rule.String() of some rules
	}{
		{"alpine.conf", 20, map[int]string{
			5:  `$MODALIAS=.* 0:0 660 @modprobe -b "$MODALIAS"`,
			13: "ram([0-9]*) 0:6 660 >rd/%1",
			20: "card[0-9] 0:44 660 =dri/",
			23: "SUBSYSTEM=virtio-ports;vport.* 0:0 600 @mkdir -p virtio-ports; ln -sf ../$MDEV virtio-ports/$(cat /sys/class/virtio-ports/$MDEV/name)",
			29: "(.*)!(.*) 0:0 660 =%1/%2",
		}},
		{"busybox-docs.conf", 10, map[int]string{
			2: "-SUBSYSTEM=net;DEVPATH=.*/net/.*;.* 0:0 600 @/sbin/ifup $MDEV   # bring wired links up", // the shell drops the comment
			3: "SUBSYSTEM=usb;DEVTYPE=usb_device;.* 0:0 660 */opt/mdev/helpers/usb-dev",
			4: "@189,0-127 0:0 664",
			9: "ttyS[0-9]* 0:20 660",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := testutil.ReadFile(t, filepath.Join("testdata", "real", tt.file))
			rules, err := ParseConf(bytes.NewReader(data), realIDs)
			if err != nil {
				t.Fatalf("ParseConf: %v", err)
			}
			if len(rules) != tt.rules {
				t.Errorf("ParseConf: %d rules, want %d", len(rules), tt.rules)
			}
			got := map[int]string{}
			for _, r := range rules {
				if _, ok := tt.want[r.Line]; ok {
					got[r.Line] = r.String()
				}
			}
			for line, want := range tt.want {
				if got[line] != want {
					t.Errorf("line %d: rule %q, want %q", line, got[line], want)
				}
			}
		})
	}
}
