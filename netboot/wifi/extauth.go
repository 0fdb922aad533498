package wifi

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/sae"
)

// IEEE 802.11 status codes the station reports to a driver that asked it
// to run SAE (802.11-2020 9.4.1.9 Table 9-50).
const (
	statusSuccess     = 0
	statusUnspecified = 1
)

// connectExternalSAE connects through a driver with its own SME (a fullMAC
// radio such as brcmfmac with "sae_ext" firmware) that cannot run SAE: it
// connects offering external authentication, runs SAE when the driver asks
// (sending authentication frames with CMD_FRAME, receiving the access
// point's through the owner socket's registration), and reports the
// outcome; the driver then associates and a ConnectEvent follows.
func (j *joiner) connectExternalSAE(ctx context.Context, a *association, params nl80211.ConnectParams) (*nl80211.Association, error) {
	j.logf("%s's driver does its own authentication: connecting with external SAE", j.ifi.Name)
	j.externalSAE = true
	params.ExternalAuth = true
	owner, err := j.radio.Connect(a.ifindex, params)
	if err != nil {
		return nil, fmt.Errorf("associate with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	if err := j.externalAuth(ctx, a); err != nil {
		owner.Close()
		return nil, err
	}
	return owner, nil
}

// externalAuth waits for the driver's request, runs SAE and tells the
// driver how it ended.
func (j *joiner) externalAuth(ctx context.Context, a *association) error {
	req, err := j.awaitExternalAuth(ctx, a)
	if err != nil {
		return err
	}
	err = j.authenticateSAE(ctx, a)
	status := uint16(statusSuccess)
	if err != nil {
		status = statusUnspecified
	}
	if rerr := j.radio.ExternalAuthDone(a.ifindex, req.BSSID, req.SSID, status); rerr != nil && err == nil {
		err = fmt.Errorf("SAE with %s: %w: %w", a.peer(), rerr, ErrAssociation)
	}
	return err
}

// awaitExternalAuth waits for the driver's CMD_EXTERNAL_AUTH START.
func (j *joiner) awaitExternalAuth(ctx context.Context, a *association) (*nl80211.ExternalAuthEvent, error) {
	timeout := time.NewTimer(j.opts.AssociateTimeout)
	defer timeout.Stop()
	for {
		select {
		case ev := <-a.sub.C:
			switch e := ev.(type) {
			case *nl80211.ExternalAuthEvent:
				if !e.Abort {
					return e, nil
				}
				return nil, fmt.Errorf("SAE with %s: the driver aborted external authentication: %w", a.peer(), ErrAssociation)
			case *nl80211.ConnectEvent:
				return nil, fmt.Errorf("associate with %s: the driver ended the connection (status %d) before asking for SAE: %w", a.peer(), e.Status, ErrAssociation)
			}
		case <-timeout.C:
			return nil, fmt.Errorf("associate with %s: the driver did not ask for SAE within %s: %w", a.peer(), j.opts.AssociateTimeout, ErrAssociation)
		case <-a.sub.Done():
			return nil, fmt.Errorf("SAE with %s: %w", a.peer(), nl80211.ErrClosed)
		case <-ctx.Done():
			return nil, fmt.Errorf("SAE with %s: %w", a.peer(), ctx.Err())
		}
	}
}

// sendSAEFrame sends one SAE message as a whole authentication frame
// (802.11-2020 9.3.3.12: header, algorithm 3, then transaction, status and
// body as sae.Frame.Bytes gives them), for a driver without SAE.
func (j *joiner) sendSAEFrame(a *association, f sae.Frame) error {
	frame := make([]byte, 24, 26+len(f.Bytes()))
	binary.LittleEndian.PutUint16(frame, frameControlAuth)
	copy(frame[4:], a.bss.BSSID)
	copy(frame[10:], a.spa)
	copy(frame[16:], a.bss.BSSID)
	frame = binary.LittleEndian.AppendUint16(frame, authAlgSAE)
	if err := j.radio.SendFrame(a.ifindex, append(frame, f.Bytes()...)); err != nil {
		return fmt.Errorf("SAE with %s: %w: %w", a.peer(), err, ErrAssociation)
	}
	return nil
}

// Frame control of an authentication frame, and SAE's authentication
// algorithm number (802.11-2020 9.2.4.1.3, 9.4.1.1).
const (
	frameControlAuth = 0x00b0
	authAlgSAE       = 3
)

// saeEvent is ev as an SAE frame from the access point: an AuthEvent from
// mac80211, or an authentication frame the owner socket registered for.
func saeEvent(ev nl80211.Event) *nl80211.AuthEvent {
	switch e := ev.(type) {
	case *nl80211.AuthEvent:
		return e
	case *nl80211.ManagementFrame:
		if binary.LittleEndian.Uint16(e.Frame)&0x00fc == frameControlAuth {
			return &nl80211.AuthEvent{Ifindex: e.Ifindex, Frame: e.Frame}
		}
	}
	return nil
}
