package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/template"
)

// SeedScript is what the seed's init script is written for.
type SeedScript struct {
	// Tuned replaces the blind `sleep 3` with a wait for the interface.
	Tuned bool
	// WiredNIC, when set, boots over this wired interface: no `iw dev`, no
	// wpa_supplicant (the Ethernet runs that prove the plumbing).
	WiredNIC string
	// Server, Export and Options are the NFS root: `mount -t nfs -o nolock,OPTIONS
	// SERVER:EXPORT /new_root`.
	Server, Export, Options string
}

// seedTemplate follows the seed's ramfs/init (github.com/ChrisTrenkamp/
// rpi-nfs-root-over-wifi) line by line; the phase lines are the benchmark's.
var seedTemplate = template.Must(template.New("init").Parse(`#!/bin/sh
# The seed's /init (ChrisTrenkamp/rpi-nfs-root-over-wifi, ramfs/init) with Debian's
# busybox, iw, wpa_supplicant and dhcpcd{{if .Tuned}}, tuned: no blind sleep{{end}}.
# Written by airroot's benchmark, which added only the SEED-PHASE lines.
phase() { read up rest < /proc/uptime; echo "SEED-PHASE $1 $up"; }
mount -t devtmpfs none /dev
mount -t proc none /proc
mount -t sysfs none /sys
phase start

/etc/modules.sh
phase modules
{{if .WiredNIC}}
dev={{.WiredNIC}}
{{- if .Tuned}}
while [ ! -e /sys/class/net/$dev ]; do sleep 0.1; done
{{- else}}
sleep 3
{{- end}}
{{- else if .Tuned}}
dev=$(iw dev | awk '$1=="Interface"{print $2}')
while [ -z "$dev" ]; do sleep 0.1; dev=$(iw dev | awk '$1=="Interface"{print $2}'); done
{{- else}}
sleep 3
dev=$(iw dev | awk '$1=="Interface"{print $2}')
{{- end}}
ip link set dev $dev up
phase interface
{{- if not .WiredNIC}}
wpa_supplicant -B -D nl80211 -c /etc/wpa_supplicant.conf -i $dev
{{- end}}
dhcpcd $dev
phase leased

mount -t nfs -o nolock,{{.Options}} {{.Server}}:{{.Export}} /new_root
phase nfs
mount --move /sys /new_root/sys
mount --move /proc /new_root/proc
mount --move /dev /new_root/dev
read up rest < /new_root/proc/uptime; echo "SEED-PHASE switch_root $up"
exec switch_root /new_root /sbin/init
`))

// Render writes the init script.
func (s SeedScript) Render() ([]byte, error) {
	for name, v := range map[string]string{"server": s.Server, "export": s.Export, "options": s.Options, "wired NIC": s.WiredNIC} {
		if strings.ContainsAny(v, " \t\n'\"$`;&|<>\\") {
			return nil, fmt.Errorf("seed init script: %s %q has characters the shell would interpret", name, v)
		}
	}
	var b bytes.Buffer
	if err := seedTemplate.Execute(&b, s); err != nil {
		return nil, fmt.Errorf("seed init script: %w", err)
	}
	return b.Bytes(), nil
}

// PhasePrefix starts the lines the seed script prints after each step.
const PhasePrefix = "SEED-PHASE "

// ParsePhaseLine reads "SEED-PHASE name uptime" anywhere in a console line.
func ParsePhaseLine(line string) (name string, uptime float64, ok bool) {
	i := strings.Index(line, PhasePrefix)
	if i < 0 {
		return "", 0, false
	}
	fields := strings.Fields(line[i+len(PhasePrefix):])
	if len(fields) < 2 {
		return "", 0, false
	}
	v, err := strconv.ParseFloat(fields[1], 64)
	if err != nil || v < 0 || v != v {
		return "", 0, false
	}
	return fields[0], v, true
}

// ModulesScript is the seed's /etc/modules.sh: one insmod per module file, each
// after those it needs (what the seed's modprobe lines in dependency order do).
func ModulesScript(w io.Writer, release string, paths []string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "#!/bin/sh")
	for _, p := range paths {
		fmt.Fprintf(bw, "insmod /lib/modules/%s/%s\n", release, p)
	}
	return bw.Flush()
}
