package main

import (
	"crypto/rand"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/airroot/airroot/e2e/dot11"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
)

// attackMarkPrefix starts the guest's kernel-log mark written just before an injection.
const attackMarkPrefix = "e2e-guest: attack "

// radio is the attacker's monitor interface in the access point's namespace.
type radio interface {
	// Inject transmits one radiotap packet.
	Inject(packet []byte) error
	// Read waits for the next captured radiotap packet; it fails once Close is called.
	Read(buf []byte) (int, error)
	Close() error
}

// forgedReplay is the replay counter of the injected message 1: above any the access
// point has used, so a station that checks only the counter takes it as new.
const forgedReplay = 1 << 48

// reasonClass3 is the reason code of the forged deauthentication: "Class 3 frame
// received from nonassociated STA" (802.11-2020 Table 9-49), what an access point that
// lost the station's state sends, and one of the two that start an SA Query (11.13).
const reasonClass3 = 7

// attack injects the soak's frames from the attacker's radio at their times and
// captures what the station sends, until stop is closed.
func attack(sys system, ss soakSys, exp guestproto.Expect, loopStart time.Time, stop <-chan struct{}) []guestproto.AttackResult {
	soak := *exp.Soak
	if len(soak.Attacks) == 0 {
		return nil
	}
	results := make([]guestproto.AttackResult, len(soak.Attacks))
	for i, a := range soak.Attacks {
		results[i].Attack = a
	}
	sta, bssid, err := attackAddresses(sys, ss, exp)
	var r radio
	if err == nil {
		r, err = ss.radio(soak.Monitor)
	}
	if err != nil {
		for i := range results {
			results[i].Error = err.Error()
		}
		<-stop
		return results
	}
	c := startCapture(r, sta, ss.now)
	injected := make([]time.Time, len(soak.Attacks))
	for i, a := range soak.Attacks {
		if wait := loopStart.Add(seconds(a.At)).Sub(ss.now()); wait > 0 {
			ss.sleep(wait)
		}
		injected[i] = ss.now()
		if err := injectOne(ss, r, i, a.Frame, sta, bssid); err != nil {
			results[i].Error = err.Error()
		}
	}
	<-stop
	frames := c.stop()
	for i := range results {
		tally(&results[i], frames, injected[i])
	}
	return results
}

// attackAddresses are the station's address and the access point's BSSID.
func attackAddresses(sys system, ss soakSys, exp guestproto.Expect) (sta, bssid net.HardwareAddr, err error) {
	mac, err := ss.mac(exp.Soak.StationInterface)
	if err != nil {
		return nil, nil, err
	}
	reply, err := sys.hostapd(exp.HostapdCtrl, "STATUS")
	if err != nil {
		return nil, nil, err
	}
	bssidText := hostapdctl.ParseStatus(reply)["bssid[0]"]
	if sta, err = net.ParseMAC(mac); err == nil {
		bssid, err = net.ParseMAC(bssidText)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("attack: station %q, access point %q: %w", mac, bssidText, err)
	}
	return sta, bssid, nil
}

// injectOne marks the kernel log and injects attack i.
func injectOne(ss soakSys, r radio, i int, frame guestproto.AttackFrame, sta, bssid net.HardwareAddr) error {
	b, err := buildFrame(frame, sta, bssid)
	if err != nil {
		return err
	}
	if err := ss.mark(fmt.Sprintf("%s%d: %s from %s to %s", attackMarkPrefix, i+1, frame, bssid, sta)); err != nil {
		return fmt.Errorf("mark the kernel log: %w", err)
	}
	if err := r.Inject(dot11.WithRadiotap(b)); err != nil {
		return fmt.Errorf("inject %s: %w", frame, err)
	}
	return nil
}

// buildFrame is the 802.11 frame of an attack, from the access point to the station.
func buildFrame(frame guestproto.AttackFrame, sta, bssid net.HardwareAddr) ([]byte, error) {
	switch frame {
	case guestproto.FrameEAPOLMessage1:
		var anonce [32]byte
		if _, err := rand.Read(anonce[:]); err != nil {
			return nil, fmt.Errorf("attack: ANonce: %w", err)
		}
		msg1 := dot11.Message1(dot11.DescriptorHMACSHA1AES, forgedReplay, anonce)
		return dot11.DataFromAP(sta, bssid, dot11.EtherTypeEAPOL, msg1), nil
	case guestproto.FrameDeauth:
		return dot11.Deauth(sta, bssid, reasonClass3), nil
	}
	return nil, fmt.Errorf("attack: unknown frame %q", frame)
}

// captured is one frame the station sent, as the attacker's radio heard it.
type captured struct {
	at time.Time
	// clearEAPOL describes an unprotected EAPOL frame; "" for any other.
	clearEAPOL string
}

// capture reads the attacker's radio in the background.
type capture struct {
	r      radio
	done   chan struct{}
	mu     sync.Mutex
	frames []captured
}

// startCapture keeps the frames whose transmitter is sta.
func startCapture(r radio, sta net.HardwareAddr, now func() time.Time) *capture {
	c := &capture{r: r, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if err != nil {
				return
			}
			if f, ok := fromStation(buf[:n], sta, now()); ok {
				c.mu.Lock()
				c.frames = append(c.frames, f)
				c.mu.Unlock()
			}
		}
	}()
	return c
}

// stop closes the radio and returns what was captured.
func (c *capture) stop() []captured {
	_ = c.r.Close()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.frames
}

// fromStation parses a captured packet and reports whether sta sent it.
func fromStation(packet []byte, sta net.HardwareAddr, at time.Time) (captured, bool) {
	b, err := dot11.StripRadiotap(packet)
	if err != nil {
		return captured{}, false
	}
	f, err := dot11.Parse(b)
	if err != nil || f.Addr2.String() != sta.String() {
		return captured{}, false
	}
	c := captured{at: at}
	if ether, ok := f.ClearEtherType(); ok && ether == dot11.EtherTypeEAPOL {
		c.clearEAPOL = describeEAPOL(f.Body[8:])
	}
	return c, true
}

// describeEAPOL names an EAPOL frame for the report.
func describeEAPOL(b []byte) string {
	k, err := dot11.ParseKey(b)
	if err != nil {
		return "EAPOL frame (" + err.Error() + ")"
	}
	return fmt.Sprintf("EAPOL-Key message %d, replay counter %d", k.Message(), k.Replay)
}

// tally counts into r what the station sent from since on.
func tally(r *guestproto.AttackResult, frames []captured, since time.Time) {
	for _, f := range frames {
		if f.at.Before(since) {
			continue
		}
		r.StationFrames++
		if f.clearEAPOL != "" {
			r.ClearEAPOL++
			if r.FirstClearEAPOL == "" {
				r.FirstClearEAPOL = f.clearEAPOL
			}
		}
	}
}
