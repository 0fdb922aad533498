// Command guest is the benchmark's new-root init: it prints its uptime (kernel start
// to the new root's init) at once and, when the kernel command line asks, idles and
// measures the processes that keep the network up (airroot's keeper, or
// wpa_supplicant and dhcpcd), then prints one result line and waits for the host to
// end the machine.
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/procfs"
)

func main() {
	sys := system{root: os.DirFS("/"), sleep: time.Sleep, kmsg: openKmsg}
	res := measure(sys)
	line, err := benchproto.FormatResult(res)
	if err != nil {
		line = benchproto.ResultPrefix + `{"error":"encode result"}`
	}
	// One write, starting on a fresh line, so the host finds it whole.
	os.Stdout.WriteString("\n" + line + "\n")
	for { // PID 1 must not exit (the kernel would panic); the host ends QEMU.
		time.Sleep(time.Hour)
	}
}

// system is what the guest reads and does.
type system struct {
	root  fs.FS
	sleep func(time.Duration)
	// kmsg opens the kernel log for writing.
	kmsg func() (io.WriteCloser, error)
}

func openKmsg() (io.WriteCloser, error) { return os.OpenFile("/dev/kmsg", os.O_WRONLY, 0) }

// measure reads the uptime first, writes it to the kernel log for the host to
// relate printk times to it, then idles as the command line asks.
func measure(sys system) benchproto.Result {
	var res benchproto.Result
	up, err := fs.ReadFile(sys.root, "proc/uptime")
	if err == nil {
		res.UptimeSeconds, err = procfs.ParseUptime(string(up))
	}
	if err != nil {
		res.Error = fmt.Sprintf("read uptime: %v", err)
		return res
	}
	syncClocks(sys)
	cmdline, err := fs.ReadFile(sys.root, "proc/cmdline")
	if err != nil {
		res.Error = fmt.Sprintf("read kernel command line: %v", err)
		return res
	}
	req, err := parseRequest(string(cmdline))
	if err != nil || req.idle == 0 {
		if err != nil {
			res.Error = err.Error()
		}
		return res
	}
	fmt.Printf("bench guest: idling %v, then measuring %v\n", req.idle, req.names)
	idle, err := idleAndMeasure(sys.root, req, sys.sleep)
	if err != nil {
		res.Error = err.Error()
	}
	res.Idle = idle
	if r, found, err := benchproto.ParseRejoinParam(string(cmdline)); found {
		if err != nil {
			res.Rejoin = &benchproto.Rejoin{Error: err.Error()}
			return res
		}
		fmt.Printf("bench guest: timing the Wi-Fi rejoins: a deauthentication, then the access point's restart\n")
		res.Rejoin = rejoin(r)
	}
	return res
}

// syncClocks reads the uptime again and writes it to the kernel log at once; a
// failure only leaves printk times unrelated to uptimes.
func syncClocks(sys system) {
	up, err := fs.ReadFile(sys.root, "proc/uptime")
	if err != nil {
		return
	}
	secs, err := procfs.ParseUptime(string(up))
	if err != nil {
		return
	}
	w, err := sys.kmsg()
	if err != nil {
		return
	}
	defer w.Close()
	fmt.Fprintf(w, "%s%.2f\n", benchproto.ClockLinePrefix, secs)
}
