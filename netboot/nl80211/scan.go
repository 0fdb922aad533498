package nl80211

import (
	"context"
	"errors"
	"fmt"

	"github.com/mdlayher/netlink"
)

// ErrScanAborted reports a scan the kernel gave up on (for example because
// the interface went down or another scan took over).
var ErrScanAborted = errors.New("scan aborted")

// ScanRequest says what a scan looks for.
type ScanRequest struct {
	// SSIDs to probe for: hidden networks answer only probes naming them.
	// "" is the wildcard that every access point answers. Empty: a
	// passive scan.
	SSIDs []string
	// Frequencies (MHz) to scan; empty: all the regulatory domain allows.
	Frequencies []int
}

// TriggerScan starts a scan on interface ifindex (NL80211_CMD_TRIGGER_SCAN).
// Its end comes as a ScanDoneEvent; subscribe first. The kernel answers
// EBUSY while another scan runs.
func (c *Client) TriggerScan(ifindex int, r ScanRequest) error {
	err := c.ack(cmdTriggerScan, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
		if len(r.SSIDs) > 0 {
			ae.Nested(attrScanSSIDs, func(nae *netlink.AttributeEncoder) error {
				for i, s := range r.SSIDs {
					nae.Bytes(uint16(i+1), []byte(s))
				}
				return nil
			})
		}
		if len(r.Frequencies) > 0 {
			ae.Nested(attrScanFrequencies, func(nae *netlink.AttributeEncoder) error {
				for i, f := range r.Frequencies {
					nae.Uint32(uint16(i+1), uint32(f))
				}
				return nil
			})
		}
	})
	if err != nil {
		return fmt.Errorf("nl80211: trigger scan on interface %d: %w", ifindex, err)
	}
	return nil
}

// AbortScan stops the scan running on interface ifindex
// (NL80211_CMD_ABORT_SCAN); the kernel then reports it aborted and keeps
// what it found so far. ENOENT means no scan was running.
func (c *Client) AbortScan(ifindex int) error {
	err := c.ack(cmdAbortScan, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
	})
	if err != nil {
		return fmt.Errorf("nl80211: abort scan on interface %d: %w", ifindex, err)
	}
	return nil
}

// ScanResults returns the BSSs the kernel knows on interface ifindex
// (NL80211_CMD_GET_SCAN dump).
func (c *Client) ScanResults(ifindex int) ([]BSS, error) {
	replies, err := c.dump(cmdGetScan, func(ae *netlink.AttributeEncoder) {
		ae.Uint32(attrIfindex, uint32(ifindex))
	})
	if err != nil {
		return nil, fmt.Errorf("nl80211: get scan results of interface %d: %w", ifindex, err)
	}
	var out []BSS
	for _, attrs := range replies {
		b, err := ParseScanResult(attrs)
		if err != nil {
			return nil, fmt.Errorf("nl80211: get scan results of interface %d: %w", ifindex, err)
		}
		if b != nil {
			out = append(out, *b)
		}
	}
	return out, nil
}

// Scan triggers a scan on interface ifindex, waits for it to end and
// returns the results.
func (c *Client) Scan(ctx context.Context, ifindex int, r ScanRequest) ([]BSS, error) {
	sub := c.Subscribe(ifindex)
	defer sub.Close()
	if err := c.TriggerScan(ifindex, r); err != nil {
		return nil, err
	}
	for {
		select {
		case ev := <-sub.C:
			done, ok := ev.(*ScanDoneEvent)
			if !ok || done.Ifindex != ifindex {
				continue
			}
			if done.Aborted {
				return nil, fmt.Errorf("nl80211: scan on interface %d: %w", ifindex, ErrScanAborted)
			}
			return c.ScanResults(ifindex)
		case <-sub.Done():
			return nil, fmt.Errorf("nl80211: scan on interface %d: %w", ifindex, ErrClosed)
		case <-ctx.Done():
			return nil, fmt.Errorf("nl80211: scan on interface %d: %w", ifindex, ctx.Err())
		}
	}
}
