package boot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/airroot/airroot/netboot"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// wifiConfigPath is where the builder puts the Wi-Fi configuration: a
// wpa_supplicant.conf holding PSKs, never pass-phrases.
const wifiConfigPath = "/etc/airroot/wpa_supplicant.conf"

// loadWiFiConfig reads the Wi-Fi configuration; nil when there is none or
// it has no enabled network (the root is then wired).
func loadWiFiConfig(log *Logger) (*conf.Config, error) {
	f, err := os.Open(wifiConfigPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, warnings, err := conf.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", wifiConfigPath, err)
	}
	for _, w := range warnings {
		log.Warnf("wifi: %s: %v", wifiConfigPath, w)
	}
	for _, n := range cfg.Networks {
		if !n.Disabled {
			return cfg, nil
		}
	}
	log.Warnf("wifi: %s has no enabled network: using a wired interface", wifiConfigPath)
	return nil, nil
}

// joinWiFi is the "wifi" step: join the network, retrying as the error
// says, and mark when the interface came up, associated and got its keys.
func (k *keeper) joinWiFi(ctx context.Context, cfg *conf.Config) (*wifi.Session, error) {
	var s *wifi.Session
	err := k.step(ctx, "wifi", "the Wi-Fi network", func(ctx context.Context) error {
		var err error
		s, err = wifi.Join(ctx, cfg, k.net.Device(), k.wifiOptions())
		if err != nil && wifi.RetryOf(err) == wifi.RetryNever {
			return netboot.Permanent(err)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	times := s.Times
	k.mark("interface_up", times.InterfaceUp)
	k.mark("associated", times.Associated)
	k.mark("keys_installed", times.KeysInstalled)
	k.net.UseInterface(s.Interface)
	return s, nil
}

func (k *keeper) wifiOptions() wifi.Options {
	return wifi.Options{Log: k.log.Infof, DevicesSettled: k.settled}
}

// mark adds an instant to the timeline, in guest seconds, and tells PID 1.
func (k *keeper) mark(name string, t time.Time) {
	if t.IsZero() {
		return
	}
	at := uptime() - time.Since(t).Seconds()
	st := Step{Name: name, Start: at, End: at}
	k.tl.Steps = append(k.tl.Steps, st)
	if err := send(k.ctl, keeperMsg{Step: &st}); err != nil {
		k.log.Warnf("keeper: tell PID 1: %v", err)
	}
}

// keepWiFi follows the session for as long as the keeper lives: it logs
// rekeys, and when the link is lost joins again, with backoff.
func (k *keeper) keepWiFi(ctx context.Context, cfg *conf.Config, s *wifi.Session) {
	for {
		for ev := range s.Events() {
			if ev.Kind == wifi.LinkLost {
				k.log.Warnf("wifi: %s", ev)
			} else {
				k.log.Infof("wifi: %s", ev)
			}
		}
		s.Close()
		lost := time.Now()
		err := Retry(ctx, k.log, sleepCtx, k.boot, "wifi", "the Wi-Fi network to come back", func(ctx context.Context) error {
			var err error
			s, err = wifi.Join(ctx, cfg, k.net.Interface(), k.wifiOptions())
			return err
		})
		if err != nil {
			k.log.Errorf("wifi: giving up: %v", err)
			return
		}
		k.log.Infof("wifi: reconnected after %v", time.Since(lost).Round(time.Millisecond))
	}
}
