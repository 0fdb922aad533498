package bench

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSeedScriptRender(t *testing.T) {
	base := SeedScript{Server: "10.0.2.2", Export: "/", Options: "vers=3,port=2049,addr=10.0.2.2"}
	tuned, wired, wiredTuned := base, base, base
	tuned.Tuned = true
	wired.WiredNIC = "eth0"
	wiredTuned.WiredNIC, wiredTuned.Tuned = "eth0", true
	tests := []struct {
		name          string
		script        SeedScript
		want, notWant []string
	}{
		{
			name:   "seed over Wi-Fi sleeps, finds the interface with iw and starts wpa_supplicant",
			script: base,
			want: []string{"#!/bin/sh\n", "/etc/modules.sh\n", "sleep 3\n", "dev=$(iw dev | awk '$1==\"Interface\"{print $2}')\n",
				"wpa_supplicant -B -D nl80211 -c /etc/wpa_supplicant.conf -i $dev\n", "dhcpcd $dev\n",
				"mount -t nfs -o nolock,vers=3,port=2049,addr=10.0.2.2 10.0.2.2:/ /new_root\n",
				"mount --move /sys /new_root/sys\n", "mount --move /proc /new_root/proc\n", "mount --move /dev /new_root/dev\n",
				"exec switch_root /new_root /sbin/init\n"},
			notWant: []string{"sleep 0.1"},
		},
		{
			name:    "tuned waits for the interface instead of sleeping",
			script:  tuned,
			want:    []string{"while [ -z \"$dev\" ]; do sleep 0.1;", "wpa_supplicant -B"},
			notWant: []string{"sleep 3"},
		},
		{
			name:    "wired skips iw and wpa_supplicant",
			script:  wired,
			want:    []string{"dev=eth0\n", "sleep 3\n", "dhcpcd $dev\n"},
			notWant: []string{"iw dev", "wpa_supplicant"},
		},
		{
			name:    "wired and tuned waits for the interface to exist",
			script:  wiredTuned,
			want:    []string{"while [ ! -e /sys/class/net/$dev ]; do sleep 0.1; done\n"},
			notWant: []string{"sleep 3", "wpa_supplicant"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.script.Render()
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			for _, w := range tt.want {
				if !bytes.Contains(got, []byte(w)) {
					t.Errorf("script lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(commands(string(got)), w) {
					t.Errorf("script runs %q:\n%s", w, got)
				}
			}
			wantPhases := []string{"start", "modules", "interface", "leased", "nfs", "switch_root"}
			if diff := cmp.Diff(wantPhases, phaseNames(string(got))); diff != "" {
				t.Errorf("phases in order (-want +got):\n%s", diff)
			}
		})
	}
}

// commands drops a script's comment lines.
func commands(script string) string {
	var keep []string
	for _, line := range strings.Split(script, "\n") {
		if !strings.HasPrefix(line, "#") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// phaseNames lists the phases a script announces, in order.
func phaseNames(script string) []string {
	var names []string
	for _, line := range strings.Split(script, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "phase "); ok {
			names = append(names, rest)
		} else if strings.Contains(line, `echo "SEED-PHASE switch_root`) {
			names = append(names, "switch_root")
		}
	}
	return names
}

func TestSeedScriptRenderRefusesShellCharacters(t *testing.T) {
	for _, s := range []SeedScript{
		{Server: "10.0.2.2;reboot", Export: "/", Options: "vers=3"},
		{Server: "10.0.2.2", Export: "/$(x)", Options: "vers=3"},
		{Server: "10.0.2.2", Export: "/", Options: "vers=3 port=1"},
		{Server: "10.0.2.2", Export: "/", Options: "vers=3", WiredNIC: "eth0`x`"},
	} {
		if _, err := s.Render(); err == nil {
			t.Errorf("Render(%+v) = nil error, want one naming the field", s)
		}
	}
}

func TestParsePhaseLine(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		want   string
		uptime float64
		ok     bool
	}{
		{name: "plain", line: "SEED-PHASE modules 5.48", want: "modules", uptime: 5.48, ok: true},
		{name: "after kernel output", line: "[    4.8] eth0: link upSEED-PHASE nfs 15.41\r", want: "nfs", uptime: 15.41, ok: true},
		{name: "no prefix", line: "airroot: modules: ok", ok: false},
		{name: "no uptime", line: "SEED-PHASE modules", ok: false},
		{name: "bad uptime", line: "SEED-PHASE modules soon", ok: false},
		{name: "negative uptime", line: "SEED-PHASE modules -1", ok: false},
		{name: "NaN uptime", line: "SEED-PHASE modules NaN", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, up, ok := ParsePhaseLine(tt.line)
			if ok != tt.ok || name != tt.want || up != tt.uptime {
				t.Errorf("ParsePhaseLine(%q) = %q, %v, %v; want %q, %v, %v", tt.line, name, up, ok, tt.want, tt.uptime, tt.ok)
			}
		})
	}
}

func FuzzParsePhaseLine(f *testing.F) {
	f.Add("SEED-PHASE modules 5.48")
	f.Add("[ 1.0] xSEED-PHASE nfs 1e3 trailing")
	f.Add("SEED-PHASE  ")
	f.Fuzz(func(t *testing.T, line string) {
		name, up, ok := ParsePhaseLine(line)
		if !ok {
			return
		}
		if name == "" || strings.ContainsAny(name, " \t\n") || up < 0 || up != up {
			t.Errorf("ParsePhaseLine(%q) = %q, %v: want a name without spaces and a non-negative uptime", line, name, up)
		}
		again, up2, ok2 := ParsePhaseLine(PhasePrefix + name + " " + strings.Fields(line[strings.Index(line, PhasePrefix)+len(PhasePrefix):])[1])
		if !ok2 || again != name || up2 != up {
			t.Errorf("reparsing %q gave %q, %v, %v", line, again, up2, ok2)
		}
	})
}

func TestModulesScript(t *testing.T) {
	var b bytes.Buffer
	if err := ModulesScript(&b, "6.1.0-50-armmp", []string{"kernel/net/a.ko", "kernel/fs/b.ko"}); err != nil {
		t.Fatal(err)
	}
	want := "#!/bin/sh\ninsmod /lib/modules/6.1.0-50-armmp/kernel/net/a.ko\ninsmod /lib/modules/6.1.0-50-armmp/kernel/fs/b.ko\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("ModulesScript (-want +got):\n%s", diff)
	}
}
