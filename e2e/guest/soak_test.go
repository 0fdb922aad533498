package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/google/go-cmp/cmp"
)

func TestParseKmsgRecord(t *testing.T) {
	tests := []struct {
		name, raw string
		want      kmsgRecord
		wantErr   bool
	}{
		{name: "keeper line", raw: "6,812,35895850,-;airroot: wifi: link lost: reason 2\n",
			want: kmsgRecord{At: 35.89585, Msg: "airroot: wifi: link lost: reason 2"}},
		{name: "continuation lines", raw: "4,9,1000000,c,more;text\n SUBSYSTEM=net\n", want: kmsgRecord{At: 1, Msg: "text"}},
		{name: "no separator", raw: "6,1,2", wantErr: true},
		{name: "short header", raw: "6,1;x", wantErr: true},
		{name: "bad time", raw: "6,1,soon,-;x", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseKmsgRecord(tt.raw)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseKmsgRecord(%q) error %v, want error %v", tt.raw, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseKmsgRecord(%q) (-want +got):\n%s", tt.raw, diff)
			}
		})
	}
}

func TestAnalyzeKeeperLog(t *testing.T) {
	records := []kmsgRecord{
		{20.8, "airroot: dhcp: wlan0 got 10.0.2.100/24 from 10.0.2.1, router 10.0.2.2, lease 20s"},
		{23.2, "airroot: wifi: group key renewed: group key index 2 CCMP (16 bytes, RSC 000000000000)"},
		{25.0, "airroot: wifi: pairwise key renewed: pairwise key CCMP"},
		{30.9, "airroot: dhcp: renewed 10.0.2.100 from 10.0.2.1 for 20s"},
		{35.0, deauthMarkPrefix + "1: DEAUTHENTICATE 02:00:00:00:00:00"},
		{35.9, "airroot: warning: wifi: link lost: link to 02:00:00:00:01:00 lost: reason 2"},
		{38.1, "airroot: wifi: reconnected after 2.2s"},
		{40.9, "airroot: dhcp: renewed 10.0.2.100 from 10.0.2.1 for 20s"},
		{45.0, `airroot: wifi: wlan0: 02:00:00:00:01:00 ("x") answered our SA Query: the unprotected deauthentication from 02:00:00:00:01:00 (reason 7) was forged; staying`},
		{60.0, deauthMarkPrefix + "2: DEAUTHENTICATE 02:00:00:00:00:00"},
		{61.0, "wlan0: deauthenticated from 02:00:00:00:01:00 (Reason: 2=PREV_AUTH_NOT_VALID)"},
		{70.0, "airroot: dhcp: got back 10.0.2.101 from 10.0.2.1 for 20s"},
	}
	l := analyzeKeeperLog(records)
	got := []any{l.group, l.pairwise, l.lost, l.renewals, l.addresses, l.saQueriesAnswered}
	want := []any{1, 1, 1, 2, []string{"10.0.2.100", "10.0.2.101"}, 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("analyzeKeeperLog() group, pairwise, lost, renewals, addresses, SA Queries answered (-want +got):\n%s", diff)
	}
	reconnected := 3.1
	wantRe := []guestproto.Reconnect{
		{DeauthAt: 35, ReconnectedSeconds: &reconnected, KeeperSays: "2.2s"},
		{DeauthAt: 60}, // no reconnection after the second
	}
	if diff := cmp.Diff(wantRe, l.reconnectsAfter()); diff != "" {
		t.Errorf("reconnectsAfter() (-want +got):\n%s", diff)
	}
}

func TestParseVmRSS(t *testing.T) {
	status := "Name:\t@airroot\nState:\tS (sleeping)\nVmRSS:\t    5432 kB\nThreads:\t6\n"
	if got, err := parseVmRSS(status); err != nil || got != 5432 {
		t.Errorf("parseVmRSS() = %d, %v; want 5432", got, err)
	}
	if _, err := parseVmRSS("Name:\tx\n"); err == nil {
		t.Error("parseVmRSS() without VmRSS: want an error")
	}
}

// fakeClock advances by step every time it is read.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time { c.t = c.t.Add(c.step); return c.t }

func TestFileLoop(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0), step: 100 * time.Millisecond}
	l := &fileLoop{dir: filepath.Join(t.TempDir(), "soak"), now: clock.now}
	l.run(time.Unix(1000, 0), time.Unix(1001, 0))
	if l.io.Files == 0 || l.io.Errors != 0 || l.io.Bytes != int64(l.io.Files)*soakFileSize {
		t.Fatalf("run() io = %+v, want files and no errors", l.io)
	}
	if l.io.Seconds < 1 {
		t.Errorf("run() io.Seconds = %v, want at least the second from begin to until", l.io.Seconds)
	}
	mid := l.ops[1].start.Add(-time.Millisecond)
	if got := l.resumedAfter(mid, nil); got == nil || *got <= 0 {
		t.Errorf("resumedAfter() = %v, want the end of the second cycle", got)
	}
	if got := l.resumedAfter(time.Unix(2000, 0), nil); got != nil {
		t.Errorf("resumedAfter(after the loop) = %v, want nil", *got)
	}
	// Corrupt one file behind the loop's back: verifyAll must notice.
	if err := os.WriteFile(l.names[0], []byte("not what was written"), 0o644); err != nil {
		t.Fatal(err)
	}
	l.verifyAll()
	if l.io.Verified != l.io.Files-1 || l.io.Errors != 1 || !strings.Contains(l.io.FirstError, "sha256 differs") {
		t.Errorf("verifyAll() io = %+v, want one file failing its digest", l.io)
	}
}

func TestFileContentDiffers(t *testing.T) {
	a, b := fileContent(1), fileContent(2)
	if len(a) != soakFileSize || string(a) == string(b) {
		t.Error("fileContent() gives equal contents for different files")
	}
}

func TestRunSoakWithoutKeeper(t *testing.T) {
	sys := testSystem(newRootFS(t, "0"), 1, nil)
	_, c := soak(sys, guestproto.Expect{Soak: &guestproto.Soak{}})
	if c.Pass || c.Name != "keeper-soak" {
		t.Errorf("soak() without soak support = %+v, want a failed keeper-soak check", c)
	}
}

func TestAnalyzeKeeperLogWindow(t *testing.T) {
	records := []kmsgRecord{
		{20.8, "airroot: dhcp: wlan0 got 10.0.2.100/24 from 10.0.2.1, router 10.0.2.2, lease 20s"},
		{21.0, "airroot: wifi: group key renewed: before the soak"},
		{22.0, soakBeginMark},
		{23.0, "airroot: wifi: group key renewed: during"},
		{24.0, "airroot: dhcp: renewed 10.0.2.100 from 10.0.2.1 for 20s"},
		{82.0, soakEndMark},
		{83.0, "airroot: wifi: group key renewed: after"},
		{84.0, "airroot: dhcp: renewed 10.0.2.7 from 10.0.2.1 for 20s"},
	}
	l := analyzeKeeperLog(records)
	got := []any{l.group, l.renewals, l.addresses}
	want := []any{1, 1, []string{"10.0.2.100", "10.0.2.7"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("analyzeKeeperLog() group, renewals, addresses (-want +got):\n%s", diff)
	}
}

// lockedClock is a fake clock shared by the I/O loop and the deauthenticating
// goroutine: every read moves it on by step, every sleep by the time slept.
type lockedClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *lockedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(c.step)
	return c.t
}

func (c *lockedClock) sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestRunSoak(t *testing.T) {
	root := newRootFS(t, "0")
	root["proc/82/stat"] = &fstest.MapFile{Data: []byte("82 (@airroot) S 1 82 82 0 -1 0 0 0 0 0 17 4 0 0 20 0 6 0 2210 0")}
	root["proc/82/status"] = &fstest.MapFile{Data: []byte("Name:\t@airroot\nVmRSS:\t5000 kB\n")}
	var asked []string
	sys := testSystem(root, 1, nil)
	sys.hostapd = func(ctrl, cmd string) (string, error) {
		asked = append(asked, ctrl+" "+cmd)
		return "OK\n", nil
	}
	var marks []string
	clock := &lockedClock{t: time.Unix(1000, 0), step: 10 * time.Millisecond}
	ss := soakSys{
		now: clock.now, sleep: clock.sleep,
		mark: func(m string) error { marks = append(marks, m); return nil },
		mac:  func(iface string) (string, error) { return "02:00:00:00:00:00", nil },
		records: func() ([]kmsgRecord, error) {
			return []kmsgRecord{
				{9, soakBeginMark},
				{10, deauthMarkPrefix + "1: DEAUTHENTICATE 02:00:00:00:00:00"},
				{10.2, "airroot: warning: wifi: link lost: the access point disconnected us (reason 2)"},
				{10.8, "airroot: wifi: reconnected after 600ms to 02:00:00:00:01:00"},
				{11, "airroot: wifi: group key renewed: group key index 1"},
				{12, soakEndMark},
			}, nil
		},
		loop: &fileLoop{dir: filepath.Join(t.TempDir(), "soak"), now: clock.now},
	}
	exp := guestproto.Expect{HostapdCtrl: "/dev/hostapd/wlan1", Soak: &guestproto.Soak{
		IOSeconds: 2, DeauthAt: []float64{0.3}, StationInterface: "wlan0", IdleSeconds: 2, RSSAfterSeconds: 5,
	}}
	k, c := runSoak(sys, ss, exp, clock.now())
	if !c.Pass {
		t.Fatalf("runSoak() check = %+v, want a pass", c)
	}
	if diff := cmp.Diff([]string{"/dev/hostapd/wlan1 DEAUTHENTICATE 02:00:00:00:00:00"}, asked); diff != "" {
		t.Errorf("hostapd commands (-want +got):\n%s", diff)
	}
	wantMarks := []string{soakBeginMark, deauthMarkPrefix + "1: DEAUTHENTICATE 02:00:00:00:00:00", soakEndMark}
	if diff := cmp.Diff(wantMarks, marks); diff != "" {
		t.Errorf("kernel-log marks (-want +got):\n%s", diff)
	}
	if k.PID != 82 || k.Argv0 != "@airroot" || k.VmRSSKiB != 5000 || k.RSSAtSeconds < 5 || !k.IdleWindow || k.WindowSeconds < 2 {
		t.Errorf("runSoak() keeper = %+v, want pid 82, @airroot, 5000 KiB after >= 5 s, a 2 s idle window", k)
	}
	if k.IO.Files == 0 || k.IO.Verified != k.IO.Files || k.IO.Errors != 0 || k.GroupRekeys != 1 || k.LinkLost != 1 {
		t.Errorf("runSoak() I/O %+v, %d group rekeys, %d lost; want verified files, 1 and 1", k.IO, k.GroupRekeys, k.LinkLost)
	}
	if len(k.Reconnects) != 1 || k.Reconnects[0].ReconnectedSeconds == nil || *k.Reconnects[0].ReconnectedSeconds != 0.8 ||
		k.Reconnects[0].IOResumedSeconds == nil || *k.Reconnects[0].IOResumedSeconds < 0.8 {
		t.Errorf("runSoak() reconnects = %+v, want one after 0.8 s with I/O resumed after it", k.Reconnects)
	}
}

// TestAnalyzeKeeperDHCPOutages: each spell of DHCP trouble runs from the keeper's
// first line about it to the next lease it took; one without a lease stays open.
func TestAnalyzeKeeperDHCPOutages(t *testing.T) {
	records := []kmsgRecord{
		{8.0, "airroot: dhcp: wlan0 got 10.0.2.100/24 from 10.0.2.1, router 10.0.2.2, lease 40s"},
		{12.0, soakBeginMark},
		{29.0, "airroot: dhcp: wlan0: no ACK after 1s, sending REQUEST again (attempt 2)"},
		{31.0, "airroot: dhcp: wlan0: no ACK after 2s, sending REQUEST again (attempt 3)"},
		{43.05, "airroot: dhcp: renew of 10.0.2.100 on wlan0: no DHCP ACK on wlan0 after 4 attempts (15s); trying again in 0s"},
		{43.25, "airroot: dhcp: rebound 10.0.2.100 from 10.0.2.1 for 40s"},
		{50.0, "airroot: dhcp: renew of 10.0.2.100 on wlan0: DHCP server 10.0.2.1 refused 10.0.2.100 on wlan0 (NAK); asking for 10.0.2.100 again"},
		{50.1, "airroot: error: dhcp: DHCP server 10.0.2.1 offers 10.0.2.101 instead of 10.0.2.100 to wlan0: the NFS root cannot follow"},
		{70.0, "airroot: dhcp: got 10.0.2.100 from 10.0.2.1 for 40s"},
		{71.0, "airroot: dhcp: renewed 10.0.2.100 from 10.0.2.1 for 40s"},
		{71.5, "airroot: dhcp: confirmed 10.0.2.100 from 10.0.2.1 for 40s"},
		{72.0, "airroot: dhcp: renew of 10.0.2.100 on wlan0: DHCP server 10.0.2.1 refused 10.0.2.100 on wlan0 (NAK)"},
		{80.0, soakEndMark},
	}
	rebound, got := 14.25, 20.0
	want := []guestproto.DHCPOutage{
		{At: 29, Trouble: "dhcp: wlan0: no ACK after 1s, sending REQUEST again (attempt 2)",
			RecoveredSeconds: &rebound, Recovery: "dhcp: rebound 10.0.2.100 from 10.0.2.1 for 40s"},
		{At: 50, Trouble: "dhcp: renew of 10.0.2.100 on wlan0: DHCP server 10.0.2.1 refused 10.0.2.100 on wlan0 (NAK); asking for 10.0.2.100 again",
			RecoveredSeconds: &got, Recovery: "dhcp: got 10.0.2.100 from 10.0.2.1 for 40s"},
		{At: 72, Trouble: "dhcp: renew of 10.0.2.100 on wlan0: DHCP server 10.0.2.1 refused 10.0.2.100 on wlan0 (NAK)"},
	}
	if diff := cmp.Diff(want, analyzeKeeperLog(records).dhcpOutages); diff != "" {
		t.Errorf("DHCP outages (-want +got):\n%s", diff)
	}
}

// TestResumedAfter: the I/O resumes with the first cycle that started after the fault
// and ended once the link was back, not with one that ended before it was lost.
func TestResumedAfter(t *testing.T) {
	at := func(ms int) time.Time { return time.Unix(1000, 0).Add(time.Duration(ms) * time.Millisecond) }
	l := &fileLoop{ops: []opSpan{{at(0), at(100)}, {at(200), at(300)}, {at(400), at(2700)}, {at(2800), at(2900)}}}
	tests := []struct {
		name string
		back *float64
		want *float64
	}{
		{name: "link back unknown: the next cycle", want: ptrFloat(0.2)},
		{name: "cycle ended before the link was back", back: ptrFloat(1.9), want: ptrFloat(2.6)},
		{name: "link back after the last cycle", back: ptrFloat(5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.resumedAfter(at(100), tt.back)
			if (got == nil) != (tt.want == nil) || (got != nil && math.Abs(*got-*tt.want) > 1e-9) {
				t.Errorf("resumedAfter() = %v, want %v", deref(got), deref(tt.want))
			}
		})
	}
}

func ptrFloat(v float64) *float64 { return &v }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
