package main

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
	"github.com/airroot/airroot/e2e/procfs"
	"golang.org/x/sys/unix"
)

// rejoin times the Wi-Fi outages req asks for, with the echo at req.Echo.
func rejoin(req benchproto.RejoinRequest) *benchproto.Rejoin {
	p, err := startProber(req.Echo, uptime)
	if err != nil {
		return &benchproto.Rejoin{ProbeSeconds: probeEvery.Seconds(), Error: err.Error()}
	}
	defer p.close()
	proc := os.DirFS("/proc")
	return timeRejoins(rejoinSys{
		now: uptime, sleep: time.Sleep, replies: p.replies,
		hostapd: func(cmd string) (string, error) {
			return hostapdctl.Ask(guestproto.HostapdProgram, req.HostapdCtrl, cmd, 10*time.Second)
		},
		mac:     stationAddr,
		restart: func() error { return hostapdctl.RequestRestart(req.RestartControl, guestproto.RestartRequest) },
		hostapdPID: func() (int, error) {
			return hostapdctl.FindProcess(proc, guestproto.HostapdProgram)
		},
		started: startedAt,
	})
}

// uptime is seconds since boot, CLOCK_BOOTTIME, as /proc/PID/stat's start times.
func uptime() float64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return 0
	}
	return float64(ts.Sec) + float64(ts.Nsec)/1e9
}

// prober sends the host's echo a UDP packet every probeEvery and notes when
// each answer arrives.
type prober struct {
	conn *net.UDPConn
	now  func() float64
	stop chan struct{}
	done sync.WaitGroup
	mu   sync.Mutex
	at   []float64
}

func startProber(echo netip.AddrPort, now func() float64) (*prober, error) {
	conn, err := net.DialUDP("udp4", nil, net.UDPAddrFromAddrPort(echo))
	if err != nil {
		return nil, fmt.Errorf("echo %v: %w", echo, err)
	}
	p := &prober{conn: conn, now: now, stop: make(chan struct{})}
	p.done.Add(2)
	go p.send()
	go p.receive()
	return p, nil
}

// send writes a numbered packet every probeEvery; a write the kernel
// refuses while the link is down is a lost probe, nothing more.
func (p *prober) send() {
	defer p.done.Done()
	t := time.NewTicker(probeEvery)
	defer t.Stop()
	for n := 0; ; n++ {
		_, _ = fmt.Fprintf(p.conn, "airroot-bench probe %d", n)
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
	}
}

func (p *prober) receive() {
	defer p.done.Done()
	buf := make([]byte, 256)
	for {
		if _, err := p.conn.Read(buf); err != nil {
			select {
			case <-p.stop:
				return
			default:
				continue // ECONNREFUSED and the like while the host's route was down
			}
		}
		at := p.now()
		p.mu.Lock()
		p.at = append(p.at, at)
		p.mu.Unlock()
	}
}

// replies is a copy of the answers' arrival times, ascending.
func (p *prober) replies() []float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]float64(nil), p.at...)
}

func (p *prober) close() {
	close(p.stop)
	p.conn.Close()
	p.done.Wait()
}

// stationAddr is the board's Wi-Fi address.
func stationAddr() (string, error) {
	ifi, err := net.InterfaceByName(stationInterface)
	if err != nil {
		return "", fmt.Errorf("station address: %w", err)
	}
	return ifi.HardwareAddr.String(), nil
}

// startedAt is when process pid started, in seconds since boot.
func startedAt(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return procfs.ParseStatStartSeconds(string(b))
}
