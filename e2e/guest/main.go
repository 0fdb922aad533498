// Command guest is the e2e test program that airroot boots into: as the NFS root's
// /sbin/init it checks the new root and powers off; run as sh (airroot's rescue shell)
// it checks that the initramfs is still intact. Either way it prints one result line.
package main

import (
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
)

func main() {
	sys := system{
		root:    os.DirFS("/"),
		pid:     os.Getpid,
		kmsg:    readKernelLog,
		hostapd: hostapdRequest,
		addrs:   interfaceAddrs,
		soak: &soakSys{
			now: time.Now, sleep: time.Sleep,
			records: readKernelRecords, mark: markKernelLog, mac: hardwareAddr, radio: openRadio,
			restartAP: requestRestart, panicWorker: panicWorker, killAP: killHostapd,
			loop: &fileLoop{dir: soakDir, readFlags: directRead, now: time.Now},
		},
		writeFile: func(name string, data []byte) error {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return err
			}
			return os.WriteFile(name, data, 0o644)
		},
		dial: func(addr string) error {
			c, err := net.DialTimeout("tcp", addr, 10*time.Second)
			if err != nil {
				return err
			}
			return c.Close()
		},
	}
	mode := guestproto.ModeNewRoot
	switch filepath.Base(os.Args[0]) {
	case "sh":
		mode = guestproto.ModeRescue
	case appName:
		mode = guestproto.ModeApp
	}
	if mode == guestproto.ModeApp {
		write := func(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
		if n, fail := failOnPurpose(os.Args[1:], os.ReadFile, write); fail {
			fmt.Printf("guest: app run %d: failing on purpose (%s=)\n", n, failFirstArg)
			os.Exit(1)
		}
	}
	res := run(sys, mode)
	line, err := guestproto.FormatResult(res)
	if err != nil {
		line = guestproto.ResultPrefix + `{"pass":false}`
		fmt.Fprintln(os.Stderr, "guest:", err)
	}
	// One write, starting on a fresh line, so the harness finds it whole.
	os.Stdout.WriteString("\n" + line + "\n")
	switch mode {
	case guestproto.ModeRescue:
		return
	case guestproto.ModeApp: // ended, airroot would start it again
		select {}
	}
	if exp, err := readExpect(sys.root); err == nil && exp.Shell != "" {
		if err := runShell(exp.Shell); err != nil {
			fmt.Fprintln(os.Stderr, "guest:", err)
		}
	}
	if err := powerOff(); err != nil {
		fmt.Fprintln(os.Stderr, "guest:", err)
	}
	for { // PID 1 must not exit (the kernel would panic); the harness ends QEMU.
		time.Sleep(time.Hour)
	}
}

// run performs the checks of mode and never panics: a panic becomes a failed check.
func run(sys system, mode guestproto.Mode) (res guestproto.Result) {
	res.Mode = mode
	res.UptimeSeconds, _ = readUptime(sys.root)
	defer func() {
		if p := recover(); p != nil {
			res.Checks = append(res.Checks, guestproto.Check{Name: "no-panic", Detail: fmt.Sprint(p)})
			res.Pass = false
		}
	}()
	exp, err := readExpect(sys.root)
	if err != nil {
		res.Checks = []guestproto.Check{{Name: "expectations", Detail: err.Error()}}
		return res
	}
	res.Scenario = exp.Scenario
	switch mode {
	case guestproto.ModeRescue:
		res.Checks = rescueChecks(sys, exp)
	case guestproto.ModeApp:
		res.Checks = appChecks(sys, exp)
	default:
		res.Checks = newRootChecks(sys, exp)
		if exp.Soak != nil {
			var c guestproto.Check
			res.Keeper, c = soak(sys, exp)
			res.Checks = append(res.Checks, c)
		}
	}
	res.Pass = len(res.Checks) > 0 && len(res.FailedChecks()) == 0
	return res
}

// system is what the checks read and do: the filesystem from /, the PID and TCP dialling.
type system struct {
	root fs.FS
	pid  func() int
	dial func(addr string) error
	// writeFile writes an absolute path, creating its directory (a fleet's files).
	writeFile func(name string, data []byte) error
	kmsg      func() ([]string, error) // the kernel log's records
	// soak runs a soak's I/O and reads its figures; nil: none possible.
	soak *soakSys
	// hostapd sends a command to the hostapd control socket ctrl and returns its reply.
	hostapd func(ctrl, cmd string) (string, error)
	// addrs lists the interfaces' addresses.
	addrs func() ([]netip.Prefix, error)
}

// hostapdRequest sends cmd to the hostapd control socket ctrl from hostapd's own network namespace.
func hostapdRequest(ctrl, cmd string) (string, error) {
	return hostapdctl.Ask(guestproto.HostapdProgram, ctrl, cmd, 10*time.Second)
}

// soak runs exp's soak with sys's seams, timed from now.
func soak(sys system, exp guestproto.Expect) (*guestproto.Keeper, guestproto.Check) {
	if sys.soak == nil {
		return nil, newCheck("keeper-soak", fmt.Errorf("this guest cannot run a soak"), "")
	}
	return runSoak(sys, *sys.soak, exp, sys.soak.now())
}

// hardwareAddr is the MAC address of the network interface name.
func hardwareAddr(name string) (string, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return "", fmt.Errorf("station address: %w", err)
	}
	return ifi.HardwareAddr.String(), nil
}
