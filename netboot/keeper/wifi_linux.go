package keeper

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/layout"
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
	o := wifi.Options{Log: k.detailf, DevicesSettled: k.settled, Handshake: k.handshake, EAPOL: k.eapol, ReadFile: k.readEAPFile, PMKSA: k.pmksa}
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
	k.tl.Steps = append(k.tl.Steps, st)
	if err := k.ctl.step(st); err != nil {
		k.log.Warnf("keeper: tell PID 1: %v", err)
	}
}

// keepWiFi follows the session for as long as the keeper lives: it logs
// rekeys and, when the link is lost, joins again: first on the channel it was
// on, then anywhere, with backoff. One line per event: the kernel keeps only
// ten lines in five seconds from a writer, so the join's details go to the
// debug level once the console belongs to the new system. gate hears
// when the link is lost and when it is back.
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
		lost, ssid, freq := time.Now(), s.SSID, s.Frequency
		next, attempts, err := k.rejoin(ctx, cfg, ssid, freq)
		if err != nil {
			k.log.Errorf("wifi: giving up: %v", err)
			return
		}
		s = next
		gate.set(true)
		k.reportSession(s)
		k.log.Infof("wifi: reconnected after %v to %s (%q, %d MHz), attempt %d%s",
			time.Since(lost).Round(time.Millisecond), s.BSSID, s.SSID, s.Frequency, attempts, cachedNote(s))
	}
}

// rejoin joins again after a lost link: once on the lost channel, then with
// scans of every channel and backoff until it works or ctx ends.
func (k *keeper) rejoin(ctx context.Context, cfg *conf.Config, ssid string, freq int) (*wifi.Session, int, error) {
	attempts := 1
	err := errNoChannel
	if narrow := onChannel(cfg, ssid, freq); narrow != nil {
		var s *wifi.Session
		if s, err = wifi.Join(ctx, narrow, k.net.Interface(), k.wifiOptions()); err == nil {
			return s, attempts, nil
		}
	}
	k.log.Warnf("wifi: rejoining on %d MHz: %v; scanning every channel", freq, err)
	var s *wifi.Session
	err = bootlog.Retry(ctx, k.log, bootlog.Sleep, k.boot, layout.StepWiFi, "the Wi-Fi network to come back", func(ctx context.Context) error {
		attempts++
		var err error
		s, err = wifi.Join(ctx, cfg, k.net.Interface(), k.wifiOptions())
		return err
	})
	return s, attempts, err
}
