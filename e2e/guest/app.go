package main

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/layout"
)

// appName is the guest's name on the card (scenario.CardApp): airroot's
// appliance mode runs it.
const appName = "box"

// failFirstArg, as failFirstArg=N among the app's arguments (after "--" on
// the kernel command line), makes the first N runs fail: exit status 1.
const failFirstArg = "fail-first"

// runsFile counts the app's runs; /run outlives them, not the boot.
const runsFile = "/run/guest-app-runs"

// failOnPurpose counts this run and reports whether args ask it to fail.
func failOnPurpose(args []string, readFile func(string) ([]byte, error), writeFile func(string, []byte) error) (run int, fail bool) {
	n := 0
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, failFirstArg+"="); ok {
			n, _ = strconv.Atoi(v)
		}
	}
	raw, _ := readFile(runsFile)
	run, _ = strconv.Atoi(string(raw))
	run++
	_ = writeFile(runsFile, []byte(strconv.Itoa(run)))
	return run, run <= n
}

// networkWait bounds how long the app waits for airroot to say the network
// is up: appliance mode starts it beside the network, not after it.
const networkWait = 3 * time.Minute

// appChecks verify what appliance mode promises the app: the card mounted,
// the network announced in app.NetworkFile, the host reachable over it (on a
// board with a network). With a stick, it then asks for it and checks
// airroot's automount.
func appChecks(sys system, exp guestproto.Expect) []guestproto.Check {
	checks := []guestproto.Check{checkCardMounted(sys)}
	if exp.Server != "" {
		checks = append(checks, checkNetworkFile(sys, time.Sleep), checkServerReachable(sys, exp))
	}
	checks = append(checks, checkExecutable(sys, "init"))
	if exp.Stick != nil {
		say := func(line string) { fmt.Println(line) }
		checks = append(checks, stickChecks(sys, exp.Stick, say, time.Sleep)...)
	}
	return checks
}

func checkCardMounted(sys system) guestproto.Check {
	mounts, err := readMounts(sys)
	if err != nil {
		return newCheck("card-mounted", err, "")
	}
	m, ok := lastMountAt(mounts, layout.BootPart.Path)
	if !ok || m.FSType != "vfat" {
		err = fmt.Errorf("%s: %+v, want a vfat mount", layout.BootPart.Path, m)
	}
	return newCheck("card-mounted", err, fmt.Sprintf("%s on %s (%s)", m.Source, m.Point, m.FSType))
}

// checkNetworkFile waits until app.NetworkFile says the network is up.
func checkNetworkFile(sys system, sleep func(time.Duration)) guestproto.Check {
	var last map[string]string
	for waited := time.Duration(0); waited < networkWait; waited += time.Second {
		data, err := fs.ReadFile(sys.root, relative(app.NetworkFile))
		if err == nil {
			last = app.ParseNetwork(data)
			if last["STATE"] == app.NetworkUp {
				return newCheck("network-file", nil, fmt.Sprintf("%s: %s on %s", app.NetworkFile, last["ADDRESS"], last["INTERFACE"]))
			}
		}
		sleep(time.Second)
	}
	return newCheck("network-file", fmt.Errorf("%s still says %v after %v", app.NetworkFile, last, networkWait), "")
}
