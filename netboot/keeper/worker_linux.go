package keeper

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// work is the worker's main: the keeper's work, under the supervisor.
func work() {
	// Idle most of its life: keep the heap small rather than fast.
	debug.SetGCPercent(25)
	debug.SetMemoryLimit(8 << 20)
	log := &bootlog.Logger{Console: os.Stdout}
	log.OpenKmsg()
	res, status, err := startWorker(log)
	if err != nil {
		log.Errorf("keeper: %v", err)
		os.Exit(1)
	}
	k := &keeper{
		log:     log,
		ctl:     pid1{nowhere{}},
		boot:    bootlog.StepBackoff,
		settled: make(chan struct{}),
		status:  status,
		resumed: res,
	}
	if !res.Worker.Switched {
		k.ctl = pid1{os.NewFile(controlFD, "airroot-control")}
	}
	k.tl.Now = bootlog.Uptime
	k.handleSignals()
	if err := k.run(context.Background()); err != nil {
		k.log.Errorf("keeper: %v", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// startWorker sets up a worker's end of the supervisor's pipes: the Go
// runtime's crash report also goes to the supervisor, and the resume is
// read. It returns the resume and where to report the worker's state.
func startWorker(log *bootlog.Logger) (resume, io.Writer, error) {
	crash := os.NewFile(crashFD, "keeper-crash")
	if err := debug.SetCrashOutput(crash, debug.CrashOptions{}); err != nil {
		log.Warnf("keeper: crash reports will reach the console only: %v", err)
	}
	crash.Close() // SetCrashOutput keeps a copy
	armPanicTest()
	in := os.NewFile(resumeFD, "keeper-resume")
	defer in.Close()
	res, err := readResume(in)
	return res, os.NewFile(statusFD, "keeper-status"), err
}

// armPanicTest makes SIGUSR2 panic a goroutine of the worker when
// PanicTestEnv is set: the tests' way to prove the restart.
func armPanicTest() {
	if os.Getenv(PanicTestEnv) == "" {
		return
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR2)
	go func() {
		<-c
		panic("keeper: SIGUSR2 with " + PanicTestEnv + " set: a test asked for this panic")
	}()
}

// nowhere stands for PID 1 once it is the new system's init: a restarted
// worker's steps are heard by nobody.
type nowhere struct{}

func (nowhere) Read([]byte) (int, error)    { return 0, io.EOF }
func (nowhere) Write(b []byte) (int, error) { return len(b), nil }
func (nowhere) Close() error                { return nil }

// report tells the supervisor the worker's state after update changed it.
func (k *keeper) report(update func(*workerState)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	update(&k.resumed.Worker)
	if err := writeJSON(k.status, k.resumed.Worker); err != nil {
		k.log.Warnf("keeper: tell the supervisor: %v", err)
	}
}

// reportSession records the network joined, for a rejoin after a restart.
func (k *keeper) reportSession(s *wifi.Session) {
	k.report(func(ws *workerState) { ws.SSID, ws.Frequency = s.SSID, s.Frequency })
}

// carryOn is a restarted worker's run, after the switch: PID 1 is the new
// system's init and the console belongs to the new system. The address is
// still on the interface and is kept, lease and all. The association is
// not: the last worker's nl80211 socket owned it (NL80211_ATTR_SOCKET_OWNER:
// the kernel disconnects when that socket closes), and the keys the group-key
// handshake needs died with its memory. So it joins again, on the lost
// channel first.
func (k *keeper) carryOn(ctx context.Context, wcfg *conf.Config) error {
	k.log.SetConsole(nil)
	k.switched.Store(true)
	k.markSettled()
	last := k.resumed.Worker
	k.log.Warnf("keeper: pid %d carries on for the new root after a restart", os.Getpid())
	if last.Net != nil {
		k.net.Resume(*last.Net, resumedLease(last.Lease, last.LeaseUptime, time.Now(), bootlog.Uptime()))
	}
	k.report(func(*workerState) {}) // a crash before the next change keeps all this
	var gate *linkGate
	if wcfg != nil {
		s, err := k.joinAgain(ctx, wcfg, last)
		if err != nil {
			return err
		}
		gate = newLinkGate()
		go k.keepWiFi(ctx, wcfg, s, gate)
	}
	if last.Net == nil {
		if err := k.step(ctx, layout.StepDHCP, "a DHCP lease on "+k.net.Interface(), gated(gate, k.net.Address)); err != nil {
			return err
		}
		k.reportNet()
	}
	return k.keep(ctx, wcfg == nil)
}

// joinAgain joins the Wi-Fi network after a restart: where the last worker
// was, when it said.
func (k *keeper) joinAgain(ctx context.Context, wcfg *conf.Config, last workerState) (*wifi.Session, error) {
	var s *wifi.Session
	var err error
	if last.SSID == "" {
		s, err = k.joinWiFi(ctx, wcfg)
	} else {
		var attempts int
		if s, attempts, err = k.rejoin(ctx, wcfg, restartHint(last), wifi.Device{}); err == nil {
			k.net.UseInterface(s.Interface)
			k.log.Infof("wifi: joined %s (%q, %d MHz) again after the restart, attempt %d%s", s.BSSID, s.SSID, s.Frequency,
				attempts, k.reresolve(s))
		}
	}
	if err != nil {
		return nil, err
	}
	k.reportSession(s)
	return s, nil
}

// reportNet records the network brought up, for a restart.
func (k *keeper) reportNet() {
	st := k.net.State()
	l := withoutACK(k.net.Lease())
	up := leaseUptime(l, time.Now(), bootlog.Uptime())
	k.report(func(ws *workerState) { ws.Net, ws.Lease, ws.LeaseUptime = &st, l, up })
}
