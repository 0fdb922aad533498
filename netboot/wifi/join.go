package wifi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// scanBusyRetries is how often a scan the kernel answers with EBUSY
// (another scan runs, often the kernel's own after bringing the
// interface up) or aborts is tried again, half a second apart.
const scanBusyRetries = 6

// Join connects to the best network of cfg and returns once traffic can
// flow (keys installed and port authorized for WPA2-PSK):
//
//  1. wait for a wireless interface (named iface, or any when "") and
//     bring it up;
//  2. set the country (cfg.Country) when it differs;
//  3. scan, probing for scan_ssid=1 networks, stopping the scan once the
//     first network's access point was heard strong enough (earlyStop);
//  4. choose: enabled networks by priority, then by signal, honouring
//     bssid= and freq_list=;
//  5. connect, run the 4-way handshake over EAPOL (or let the driver run
//     it), install the keys and authorize the port.
//
// RetryOf tells the caller how to retry a failure.
func Join(ctx context.Context, cfg *conf.Config, iface string, opts Options) (*Session, error) {
	j := &joiner{opts: opts.withDefaults(), iface: iface, dialled: opts.Radio == nil, radio: opts.Radio}
	j.times.Start = j.opts.Now()
	s, err := j.join(ctx, cfg)
	if err != nil && j.dialled && j.radio != nil {
		j.radio.Close()
	}
	return s, err
}

// joiner carries Join's state from step to step.
type joiner struct {
	opts  Options
	iface string
	radio Radio
	// dialled: Join opened radio itself, so closes it on failure.
	dialled bool
	times   Times
	ifi     nl80211.Interface
	wiphy   *nl80211.Wiphy
	// externalSAE: the driver has its own SME and runs SAE through us.
	externalSAE bool
	// listenPAE opens the AF_PACKET socket; tests replace it.
	listenPAE func(a *association) error
}

func (j *joiner) logf(format string, args ...any) { j.opts.Log("wifi: "+format, args...) }

func (j *joiner) join(ctx context.Context, cfg *conf.Config) (*Session, error) {
	networks := enabled(cfg.Networks)
	if len(networks) == 0 {
		return nil, fmt.Errorf("join Wi-Fi: no enabled network in %s: %w", conf.DefaultFile, ErrConfig)
	}
	if err := j.bringUp(ctx, cfg); err != nil {
		return nil, err
	}
	a, err := j.direct(ctx, networks)
	if a == nil && err == nil {
		var c candidate
		var sec *security
		if c, sec, err = j.choose(ctx, networks); err != nil {
			return nil, err
		}
		a, err = j.connect(ctx, c, sec)
	}
	if err != nil {
		return nil, err
	}
	s := newSession(a, j.dialled, j.times)
	s.Device = Device{Interface: j.ifi, Wiphy: j.wiphy}
	return s, nil
}

// direct connects to the hinted access point without a scan (Hint.BSS). It
// returns neither an association nor an error when there is none to try or
// the association failed: the scan follows.
func (j *joiner) direct(ctx context.Context, networks []conf.Network) (*association, error) {
	b := j.opts.Hint.BSS
	if b == nil || j.opts.Avoid.Avoided(b.BSSID, j.opts.Now()) {
		return nil, nil
	}
	cands := candidates([]nl80211.BSS{*b}, networks)
	if len(cands) == 0 {
		return nil, nil
	}
	c, sec, err := j.pick(cands)
	if err != nil {
		return nil, nil
	}
	j.logf("reconnecting to %s without a scan: it ended the link itself, so it is in range", b.BSSID)
	a, err := j.connect(ctx, c, sec)
	if errors.Is(err, ErrAssociation) {
		j.logf("%v; scanning", err)
		return nil, nil
	}
	return a, err
}

// setCountry sets the regulatory domain and waits a moment for the kernel
// to apply it; it reports whether it asked the kernel for a change.
// Failures are only logged: the world domain still works.
func (j *joiner) setCountry(ctx context.Context, country string) bool {
	if cur, err := j.radio.Regulatory(); err == nil && cur == country {
		return false
	}
	sub := j.radio.Subscribe(0)
	defer sub.Close()
	if err := j.radio.SetRegulatory(country); err != nil {
		j.logf("%v", err)
		return false
	}
	timeout := time.NewTimer(j.opts.RegulatoryTimeout)
	defer timeout.Stop()
	for {
		select {
		case ev := <-sub.C:
			if r, ok := ev.(*nl80211.RegChangeEvent); ok && r.Alpha2 == country {
				j.logf("regulatory domain %s", country)
				return true
			}
		case <-timeout.C:
			j.logf("regulatory domain %s requested; the kernel has not confirmed it yet", country)
			return true
		case <-ctx.Done():
			return true
		}
	}
}

// choose scans until a configured network answers and picks the best
// access point airroot can use.
func (j *joiner) choose(ctx context.Context, networks []conf.Network) (candidate, *security, error) {
	passes, scans := j.scanPlan(networks)
	var err error
	for range scans {
		for _, p := range passes {
			var bsses []nl80211.BSS
			if bsses, err = j.scan(ctx, p.req, networks); err != nil {
				return candidate{}, nil, err
			}
			j.logf("scan found %s%s", plural(len(bsses), "access point"), p.label())
			cands := candidates(bsses, networks)
			if len(cands) == 0 {
				err = notFound(bsses, networks)
				continue
			}
			return j.pick(j.orderAvoiding(cands))
		}
	}
	return candidate{}, nil, err
}

// scanPlan returns the scans to run in turn and how many times to run them:
// a first join's passes (scanPasses), Options.Scans times; or, for a hinted
// rejoin, one scan of its round (Hint.scanFrequencies), narrowed to the
// networks' freq_list= or scan_freq= when each has one (those are then
// scanned whole, as the user asked).
func (j *joiner) scanPlan(networks []conf.Network) ([]scanPass, int) {
	req := scanRequest(networks, j.wiphy.MaxScanSSIDs)
	h := j.opts.Hint
	if len(h.Frequencies) == 0 {
		return scanPasses(req, j.wiphy.Channels), j.opts.Scans
	}
	if len(req.Frequencies) == 0 {
		req.Frequencies = h.scanFrequencies(j.wiphy.Channels)
	}
	return []scanPass{{req: req}}, 1
}

// pick returns the first candidate airroot can connect to, or why the
// best one cannot be used.
func (j *joiner) pick(cands []candidate) (candidate, *security, error) {
	var first error
	for _, c := range cands {
		sec, err := j.security(c)
		if err == nil {
			j.logf("chose %s for %s", c.bss.String(), c.network)
			if sec.tkipGroup() {
				j.logf("%s uses TKIP for broadcast and multicast frames (WPA/WPA2 mixed mode), which is weak; "+
					"set the router to WPA2 with AES/CCMP only (group=CCMP in the network block refuses such an access point)", c.bss.BSSID)
			}
			return c, sec, nil
		}
		j.logf("cannot use %s: %v", c.bss.BSSID, err)
		if first == nil {
			first = err
		}
	}
	return candidate{}, nil, first
}

// security negotiates with c's access point and fits the result to the radio.
func (j *joiner) security(c candidate) (*security, error) {
	sec, fit, err := j.negotiateFit(c)
	if err == nil && sec.mgmtCipher != 0 && fit.mgmtCipher == 0 {
		j.logf("%s lacks %s: joining %s without management frame protection", j.ifi.Name, wpa.CipherName(sec.mgmtCipher), c.bss.BSSID)
	}
	return fit, err
}

// negotiateFit returns what c's access point and network agree on and what
// of it the radio can use.
func (j *joiner) negotiateFit(c candidate) (offered, fit *security, err error) {
	if offered, err = negotiate(&c.bss, c.network); err != nil {
		return nil, nil, err
	}
	fit, err = fitRadio(j.wiphy, j.ifi.Name, &c.bss, c.network, offered)
	return offered, fit, err
}

// plural writes "1 access point" or "3 access points".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
