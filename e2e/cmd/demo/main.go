// Command demo boots an emulated board over emulated WPA2 Wi-Fi onto an NFS root served
// from this machine, with an initramfs made by `airroot build`, shows airroot's console
// lines as they come and ends with what happened and how long it took. `make demo` runs
// it; -shell leaves the user at a shell in the new root.
package main

import (
	"context"
	"flag"
	"fmt"
	stdlog "log"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/scenario"
)

func main() {
	board := flag.String("board", "raspi1ap", "the emulated board: raspi1ap (Raspberry Pi 1 B+) or virt")
	shell := flag.Bool("shell", false, "after the boot, a shell in the new root on this terminal (exit ends the demo)")
	flag.Parse()
	if err := run(*board, *shell); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// boardNames say what each board is, for people.
var boardNames = map[string]string{
	"raspi1ap": "emulated Raspberry Pi 1 B+ (QEMU raspi1ap, ARMv6, Debian's rpi kernel)",
	"virt":     "emulated ARM board (QEMU virt, Cortex-A15, Debian's armmp kernel)",
}

func run(board string, shell bool) error {
	start := time.Now()
	s, err := wifiScenario(board)
	if err != nil {
		return err
	}
	repo, err := artifact.RepoRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "airroot-demo-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	ctx := context.Background()
	say("setting up: building the guest program, fetching Debian's kernel and hostapd for %s (cached in ~/.cache/airroot)", board)
	env, err := setUp(ctx, repo, work, board)
	if err != nil {
		return err
	}
	console := newConsoleFilter(os.Stdout)
	env.ConsoleTee = console
	say("booting the %s in QEMU: airroot's /init joins the WPA2 network %q, takes a DHCP lease and mounts its NFS root from this machine (%s)",
		boardNames[board], s.Network.(scenario.WiFi).AP.SSID, expectedTime(board))
	var term *terminal
	if shell {
		if term, err = addShell(env, board, console); err != nil {
			return err
		}
		s.Timeout += 4 * time.Hour // the user's time in the shell
	}
	r := env.Run(ctx, s, work)
	console.Flush()
	if shell {
		term.restore()
		env.Shell.Input.Close()
	}
	return conclude(r, board, s.Network.(scenario.WiFi).AP.SSID, time.Since(start))
}

// wifiScenario is the board's WPA2 Wi-Fi boot.
func wifiScenario(board string) (scenario.Scenario, error) {
	if _, ok := boardNames[board]; !ok {
		return scenario.Scenario{}, fmt.Errorf("board %q: want raspi1ap or virt", board)
	}
	name := board + "-wifi-wpa2"
	for _, s := range scenario.Scenarios {
		if s.Name == name {
			return s, nil
		}
	}
	return scenario.Scenario{}, fmt.Errorf("no scenario %s", name)
}

// setUp readies the harness for board's Wi-Fi boot; what it logs goes to out/demo.log.
func setUp(ctx context.Context, repo, work, board string) (*scenario.Env, error) {
	logPath := filepath.Join(repo, "out", "demo.log")
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) { fmt.Fprintf(log, format+"\n", args...) }
	stdlog.SetOutput(log) // the NFS server's messages (go-nfs logs "No handler for 100227", NFS_ACL)
	boards := map[string]bool{board: true}
	env, err := scenario.SetUp(ctx, repo, filepath.Join(repo, "out", "e2e"), work, boards, logf)
	if err != nil {
		return nil, err
	}
	if err := env.SetUpWiFi(ctx, repo, work, boards); err != nil {
		return nil, err
	}
	say("the boot's initramfs is made by `out/airroot build`; its summary and the kernel command line go to %s", logPath)
	return env, nil
}

func expectedTime(board string) string {
	if board == "raspi1ap" {
		return "about 2 minutes: QEMU emulates this ARMv6 board instruction by instruction"
	}
	return "about a minute"
}

func say(format string, args ...any) { fmt.Printf("demo: "+format+"\n", args...) }
