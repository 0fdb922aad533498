package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

func TestStickChecks(t *testing.T) {
	content := []byte("what the harness wrote")
	sum := sha256.Sum256(content)
	stick := &guestproto.Stick{Label: "STICK", File: "data.bin", SHA256: hex.EncodeToString(sum[:])}
	const mounted = "1 1 0:2 / / rw - rootfs rootfs rw\n30 1 8:1 / /media/STICK ro,nosuid,nodev - vfat /dev/sda1 ro\n"
	const unmounted = "1 1 0:2 / / rw - rootfs rootfs rw\n"
	tests := []struct {
		name      string
		content   []byte
		mountinfo string
		plugAfter int  // seconds after the request; -1: never
		neverGoes bool // the mount stays after the pull request
		want      map[string]bool
		wantSaid  []string
	}{
		{name: "plugged, read, pulled", content: content, mountinfo: mounted, plugAfter: 3,
			want:     map[string]bool{"stick-read": true, "stick-mounted": true, "stick-unmounted": true},
			wantSaid: []string{guestproto.StickPlugLine + " at /media/STICK/data.bin", guestproto.StickPullLine}},
		{name: "read-write mount", content: content, mountinfo: strings.Replace(mounted, "ro,nosuid", "rw,nosuid", 1),
			want:     map[string]bool{"stick-read": true, "stick-mounted": false, "stick-unmounted": true},
			wantSaid: []string{guestproto.StickPlugLine + " at /media/STICK/data.bin", guestproto.StickPullLine}},
		{name: "other content", content: []byte("else"), mountinfo: mounted,
			want:     map[string]bool{"stick-read": false},
			wantSaid: []string{guestproto.StickPlugLine + " at /media/STICK/data.bin"}},
		{name: "never plugged", mountinfo: unmounted, plugAfter: -1,
			want:     map[string]bool{"stick-read": false},
			wantSaid: []string{guestproto.StickPlugLine + " at /media/STICK/data.bin"}},
		{name: "never unmounted", content: content, mountinfo: mounted, neverGoes: true,
			want:     map[string]bool{"stick-read": true, "stick-mounted": true, "stick-unmounted": false},
			wantSaid: []string{guestproto.StickPlugLine + " at /media/STICK/data.bin", guestproto.StickPullLine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fstest.MapFS{"proc/self/mountinfo": {Data: []byte(unmounted)}}
			var said []string
			pulled := false
			say := func(line string) {
				said = append(said, line)
				pulled = line == guestproto.StickPullLine
			}
			slept := 0
			sleep := func(time.Duration) {
				slept++
				switch {
				case pulled && !tt.neverGoes:
					delete(root, "media/STICK/data.bin")
					delete(root, "media/STICK")
					root["proc/self/mountinfo"] = &fstest.MapFile{Data: []byte(unmounted)}
				case !pulled && tt.plugAfter >= 0 && slept >= tt.plugAfter:
					root["media/STICK/data.bin"] = &fstest.MapFile{Data: tt.content}
					root["proc/self/mountinfo"] = &fstest.MapFile{Data: []byte(tt.mountinfo)}
				}
			}
			if tt.plugAfter == 0 && tt.content != nil {
				sleep(0)
			}
			checks := stickChecks(system{root: root}, stick, say, sleep)
			got := map[string]bool{}
			for _, c := range checks {
				got[c.Name] = c.Pass
			}
			if len(got) != len(tt.want) {
				t.Errorf("checks %+v, want %v", checks, tt.want)
			}
			for name, pass := range tt.want {
				if p, ok := got[name]; !ok || p != pass {
					t.Errorf("check %s: pass %v (present %v), want %v; checks %+v", name, p, ok, pass, checks)
				}
			}
			if strings.Join(said, "|") != strings.Join(tt.wantSaid, "|") {
				t.Errorf("said %q, want %q", said, tt.wantSaid)
			}
		})
	}
}
