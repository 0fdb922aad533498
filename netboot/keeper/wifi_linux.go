package keeper

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/link"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// loadWiFiConfig parses the Wi-Fi configuration, data (read by the
// supervisor from layout.WiFiConfig); nil when there is none or it has no
// enabled network (the root is then wired).
func loadWiFiConfig(log *bootlog.Logger, data []byte) (*conf.Config, error) {
	if data == nil {
		return nil, nil
	}
	cfg, warnings, err := conf.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", layout.WiFiConfig.Path, err)
	}
	for _, w := range warnings {
		log.Warnf("wifi: %s: %v", layout.WiFiConfig.Path, w)
	}
	for _, n := range cfg.Networks {
		if !n.Disabled {
			return cfg, nil
		}
	}
	log.Warnf("wifi: %s has no enabled network: using a wired interface", layout.WiFiConfig.Path)
	return nil, nil
}

// joinWiFi is the "wifi" step: join the network, retrying as the error
// says, and mark when the interface came up, associated and got its keys.
func (k *keeper) joinWiFi(ctx context.Context, cfg *conf.Config) (*wifi.Session, error) {
	var s *wifi.Session
	err := k.step(ctx, layout.StepWiFi, "the Wi-Fi network", func(ctx context.Context) error {
		var err error
		s, err = wifi.Join(ctx, cfg, k.net.Device(), k.wifiOptions())
		if err != nil && wifi.RetryOf(err) == wifi.RetryNever {
			return bootlog.Permanent(err)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	times := s.Times
	k.mark(layout.MarkInterfaceUp, times.InterfaceUp)
	k.span(layout.StepSAE, times.SAEStarted, times.SAEDone)
	k.mark(layout.MarkAssociated, times.Associated)
	k.mark(layout.MarkKeysInstalled, times.KeysInstalled)
	k.net.UseInterface(s.Interface)
	return s, nil
}

func (k *keeper) wifiOptions() wifi.Options {
	o := wifi.Options{Log: k.detailf, DevicesSettled: k.settled, Handshake: k.handshake, EAPOL: k.eapol, ReadFile: k.readEAPFile, PMKSA: k.pmksa, Avoid: &k.avoid}
	if k.radio != nil {
		k.radio(&o)
	}
	return o
}

// detailf logs a step of the Wi-Fi join or of a rekey: on the console during
// the boot, at the debug level once the new system runs.
func (k *keeper) detailf(format string, args ...any) {
	if k.switched.Load() {
		k.log.Debugf(format, args...)
		return
	}
	k.log.Infof(format, args...)
}

// mark adds an instant to the timeline, in guest seconds, and tells PID 1.
func (k *keeper) mark(name string, t time.Time) { k.span(name, t, t) }

// span adds a step that ran from start to end within the Wi-Fi step, in
// guest seconds, and tells PID 1; nothing when it did not run.
func (k *keeper) span(name string, start, end time.Time) {
	if start.IsZero() || end.IsZero() {
		return
	}
	at := bootlog.Uptime() - time.Since(end).Seconds()
	st := bootlog.Step{Name: name, Start: at - end.Sub(start).Seconds(), End: at}
	k.tl.Add(st)
	if err := k.ctl.step(st); err != nil {
		k.log.Warnf("keeper: tell PID 1: %v", err)
	}
}

// keepWiFi follows the session for as long as the keeper lives: it logs
// rekeys and, when the link is lost, joins again (see rejoin). One line per event: the kernel keeps only
// ten lines in five seconds from a writer, so the join's details go to the
// debug level once the console belongs to the new system. gate hears
// when the link is lost and when it is back, and so does the lease (Keep
// confirms it).
func (k *keeper) keepWiFi(ctx context.Context, cfg *conf.Config, s *wifi.Session, gate *linkGate) {
	for {
		for ev := range s.Events() {
			switch ev.Kind {
			case wifi.LinkLost:
				k.log.Warnf("wifi: link lost: %s", lostCause(ev.Err))
			case wifi.FrameDropped:
				k.detailf("wifi: %s", ev)
			default:
				k.log.Infof("wifi: %s", ev)
			}
		}
		s.Close()
		gate.set(false)
		lost, cpu := time.Now(), cpuTime()
		next, attempts, err := k.rejoin(ctx, cfg, s.RejoinHint(), s.Device)
		if err != nil {
			k.log.Errorf("wifi: giving up: %v", err)
			return
		}
		s = next
		asked := k.reresolve(s)
		gate.set(true)
		k.net.LinkBack()
		k.reportSession(s)
		k.log.Infof("wifi: reconnected after %v to %s (%q, %d MHz), attempt %d%s, %v of CPU%s",
			time.Since(lost).Round(time.Millisecond), s.BSSID, s.SSID, s.Frequency, attempts, cachedNote(s),
			(cpuTime() - cpu).Round(time.Millisecond), asked)
	}
}

// reresolve has the neighbours the kernel could not resolve while the link
// was down resolved at once (link.Reresolve), rather than when it next asks,
// up to a second later, with the root's packets waiting on them. It returns
// a note for the reconnection line when it asked for any.
func (k *keeper) reresolve(s *wifi.Session) string {
	asked, err := link.Reresolve(&net.Interface{Index: s.Ifindex, Name: s.Interface, HardwareAddr: s.MAC})
	if err != nil {
		k.log.Debugf("wifi: %v", err)
	}
	if len(asked) == 0 {
		return ""
	}
	return fmt.Sprintf("; asked again for %s, unresolved since the link was lost", joinAddrs(asked))
}

// joinAddrs is "a", "a and b", "a, b and c".
func joinAddrs(addrs []netip.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// rejoin joins again through dev after a lost link, until it works or ctx
// ends. The first attempt runs at once and connects straight to the access
// point when the hint names it (it ended the link itself), else scans the
// lost channel; the next ones scan that channel again, in the first
// rejoinBrisk one in two with a couple of the others (Hint.Quick, so that no
// scan there delays the next look at the lost channel much), after it each
// with every channel the radio may probe (wifi.Hint.Round), rejoinGap apart.
// The attempts share one nl80211 client and the device's description (see
// rejoinOptions).
func (k *keeper) rejoin(ctx context.Context, cfg *conf.Config, hint wifi.Hint, dev wifi.Device) (*wifi.Session, int, error) {
	lost, cpu := time.Now(), cpuTime()
	known := knownDevice(dev)
	for attempt := 1; ; attempt++ {
		hint.Round, hint.Quick = attempt-1, time.Since(lost) < rejoinBrisk
		o := k.rejoinOptions(known)
		o.Hint = hint
		s, err := wifi.Join(ctx, cfg, k.net.Interface(), o)
		if err == nil {
			return s, attempt, nil
		}
		known = k.rejoinFailed(err, known)
		hint.BSS = nil // a connection without a scan is for the first attempt
		gap := rejoinGap(time.Since(lost))
		logf := k.log.Debugf
		if loudAttempt(attempt) {
			logf = k.log.Warnf
		}
		logf("wifi: rejoining: %v (attempt %d, lost %v ago, %v of CPU so far, next in %v)", err, attempt,
			time.Since(lost).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond), gap.Round(time.Millisecond))
		if err := bootlog.Sleep(ctx, gap); err != nil {
			return nil, attempt, fmt.Errorf("rejoin the Wi-Fi network: gave up after %d attempts: %w", attempt, err)
		}
	}
}
