package boot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/airroot/airroot/netboot"
	"golang.org/x/sys/unix"
)

// keeperProc is PID 1's handle on the keeper.
type keeperProc struct {
	pid  int
	conn *os.File
	dec  *json.Decoder
}

// startKeeper starts the keeper: this same binary, argv[0] "@airroot", with
// its end of a socket pair as fd 3. Our end is close-on-exec, so the keeper
// sees EOF when PID 1 execs the new init.
func startKeeper() (*keeperProc, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("start keeper: socketpair: %w", err)
	}
	ours := os.NewFile(uintptr(fds[0]), "keeper-control")
	theirs := os.NewFile(uintptr(fds[1]), "keeper-control")
	defer theirs.Close()
	p, err := os.StartProcess("/proc/self/exe", []string{KeeperName}, &os.ProcAttr{
		Dir:   "/",
		Env:   os.Environ(),
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, theirs},
	})
	if err != nil {
		ours.Close()
		return nil, fmt.Errorf("start keeper: %w", err)
	}
	return &keeperProc{pid: p.Pid, conn: ours, dec: json.NewDecoder(ours)}, nil
}

// startKeeperEarly starts the keeper before the modules and devices steps,
// so that it scans and associates while they run; nil if it could not
// start (awaitNetwork then tries again and says why).
func (b *Boot) startKeeperEarly() *keeperProc {
	k, err := startKeeper()
	if err != nil {
		b.Log.Debugf("%v (trying again after the devices step)", err)
		return nil
	}
	return k
}

// awaitNetwork tells the keeper started early (or a new one) that the
// devices have settled and waits until it says the network is up, adding
// its steps to our timeline. A keeper that dies is started again.
func (b *Boot) awaitNetwork(ctx context.Context, early *keeperProc) (*keeperProc, netboot.State, error) {
	k := early
	var state netboot.State
	err := b.retry(ctx, "network", "the keeper to bring the network up", func(context.Context) error {
		var err error
		if k == nil {
			if k, err = startKeeper(); err != nil {
				return err
			}
		}
		if err = send(k.conn, keeperMsg{DevicesSettled: true}); err == nil {
			state, err = b.followKeeper(k)
		}
		if err != nil {
			k.conn.Close()
			k = nil
		}
		return err
	})
	return k, state, err
}

func (b *Boot) followKeeper(k *keeperProc) (netboot.State, error) {
	for {
		m, err := receive(k.dec)
		if err != nil {
			return netboot.State{}, fmt.Errorf("keeper (pid %d) stopped before the network was up: %w", k.pid, err)
		}
		if m.Step != nil {
			b.Timeline.Steps = append(b.Timeline.Steps, *m.Step)
		}
		if m.Ready != nil {
			return *m.Ready, nil
		}
		if m.Fatal != "" {
			return netboot.State{}, netboot.Permanent(WithFix(errors.New(m.Fatal),
				"fix the Wi-Fi configuration (airroot build --wifi-config) or the command line, and boot again"))
		}
	}
}

// switching tells the keeper where the new root is, just before the switch.
func (k *keeperProc) switching(dir string) error {
	return send(k.conn, keeperMsg{Switching: dir})
}
