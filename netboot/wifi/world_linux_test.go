package wifi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/airroot/airroot/netboot/wpa/conf"
	"golang.org/x/sys/unix"
)

const (
	staMAC  = "02:00:00:00:01:00"
	ifindex = 3
)

// world is a fake kernel with one wireless interface, wlan0, and fake
// access points in range.
type world struct {
	t      *testing.T
	k      *nl80211test.Kernel
	client *nl80211.Client
	aps    map[string]*fakeAP

	mu     sync.Mutex
	logs   []string
	linkUp []string
}

// ccmpWiphy is a mac80211 radio: EAPOL over nl80211, CCMP and TKIP.
var ccmpWiphy = nl80211test.Wiphy{Index: 0, Name: "phy0", MaxScanSSIDs: 4,
	ExtFeatures: []int{unix.NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211},
	Ciphers:     []uint32{0x000fac01, 0x000fac05, 0x000fac02, 0x000fac04, 0x000fac06}}

func newWorld(t *testing.T, w nl80211test.Wiphy, aps ...*fakeAP) *world {
	t.Helper()
	wd := newEmptyWorld(t)
	wd.k.AddWiphy(w)
	wd.k.AddInterface(nl80211test.Interface{Index: ifindex, Name: "wlan0", Wiphy: w.Index, MAC: testutil.MAC(t, staMAC)})
	for _, ap := range aps {
		wd.add(ap)
	}
	return wd
}

// newEmptyWorld is a fake kernel without radios.
func newEmptyWorld(t *testing.T) *world {
	t.Helper()
	k := nl80211test.New()
	t.Cleanup(k.Close)
	wd := &world{t: t, k: k, aps: map[string]*fakeAP{}}
	k.OnConnect = func(r nl80211test.ConnectRequest) {
		if ap := wd.aps[r.BSSID.String()]; ap != nil {
			ap.connect(r)
			return
		}
		k.ConnectResult(r.Ifindex, r.BSSID, 1)
	}
	k.OnAuthenticate = func(r nl80211test.AuthRequest) {
		if ap := wd.aps[r.BSSID.String()]; ap != nil && ap.sae != nil {
			ap.authenticate(r)
		}
	}
	k.OnControlPortTx = func(f nl80211test.ControlPortTx) {
		if ap := wd.aps[f.Dest.String()]; ap != nil {
			ap.receive(f)
		}
	}
	c, err := nl80211.NewClient(k.Conns())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	wd.client = c
	return wd
}

func (w *world) add(ap *fakeAP) {
	ap.k, ap.sta = w.k, testutil.MAC(w.t, staMAC)
	w.aps[ap.bss.BSSID.String()] = ap
	w.k.AddBSS(ap.bss)
}

// options are quick timeouts and recording seams.
func (w *world) options() Options {
	return Options{
		Radio:             w.client,
		InterfaceTimeout:  200 * time.Millisecond,
		ScanTimeout:       time.Second,
		AssociateTimeout:  time.Second,
		Message1Timeout:   300 * time.Millisecond,
		Message3Timeout:   100 * time.Millisecond,
		RegulatoryTimeout: 300 * time.Millisecond,
		PollInterval:      10 * time.Millisecond,
		Rand:              rand.NewChaCha8([32]byte{'s', 't', 'a'}),
		Log: func(format string, args ...any) {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.logs = append(w.logs, fmt.Sprintf(format, args...))
		},
		LinkUp: func(name string) error {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.linkUp = append(w.linkUp, name)
			return nil
		},
		NetInterfaces: func() ([]string, error) { return []string{"lo", "eth0"}, nil },
		Driverless:    func() []string { return nil }, // not the host's /sys
	}
}

// join parses text as a wpa_supplicant.conf and joins with opts.
func (w *world) join(text string, opts Options) (*Session, error) {
	w.t.Helper()
	cfg := parseConf(w.t, text)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := Join(ctx, cfg, "", opts)
	if err == nil {
		w.t.Cleanup(func() { s.Close() })
	}
	return s, err
}

// log returns what Join logged.
func (w *world) log() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.logs, "\n")
}

// connectRequest returns the only CMD_CONNECT the kernel got.
func (w *world) connectRequest() nl80211test.Request {
	w.t.Helper()
	reqs := w.k.Requests(unix.NL80211_CMD_CONNECT)
	if len(reqs) != 1 {
		w.t.Fatalf("the kernel got %d CMD_CONNECT requests, want 1", len(reqs))
	}
	return reqs[0]
}

// nextEvent returns the session's next event, failing after a second.
func nextEvent(t *testing.T, s *Session) Event {
	t.Helper()
	select {
	case e, ok := <-s.Events():
		if !ok {
			t.Fatal("session events closed")
		}
		return e
	case <-time.After(time.Second):
		t.Fatal("no session event within a second")
	}
	return Event{}
}

// joinWith runs a prepared joiner, for tests that replace its seams.
func (w *world) joinWith(j *joiner, text string, opts Options) (*Session, error) {
	w.t.Helper()
	cfg := parseConf(w.t, text)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	j.opts, j.radio = opts.withDefaults(), opts.Radio
	j.times.Start = j.opts.Now()
	s, err := j.join(ctx, cfg)
	if err == nil {
		w.t.Cleanup(func() { s.Close() })
	}
	return s, err
}

func parseConf(t *testing.T, text string) *conf.Config {
	t.Helper()
	cfg, _, err := conf.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse test configuration: %v", err)
	}
	return cfg
}

// waitFor polls cond for a second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within a second", what)
		}
	}
}
