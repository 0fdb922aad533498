package wifi

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/airroot/airroot/netboot/nl80211"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// scan runs one scan, waiting while the kernel is busy with another, and
// returns the access points heard during it (see heardSince). It stops the
// scan as soon as a network's access point heard in it is as good as any
// the rest of the scan could find (see earlyStop).
func (j *joiner) scan(ctx context.Context, req nl80211.ScanRequest, networks []conf.Network) ([]nl80211.BSS, error) {
	start := j.opts.Now()
	bsses, err := j.scanBusy(ctx, req, func(heard []nl80211.BSS, took time.Duration) *nl80211.BSS {
		return j.earlyStop(heard, took, networks)
	})
	if err != nil {
		return nil, err
	}
	fresh, stale := heardSince(bsses, j.opts.Now().Sub(start))
	for _, b := range stale {
		j.logf("ignoring %s: last heard %v ago, before this scan", b.String(), time.Duration(b.SeenMsAgo)*time.Millisecond)
	}
	return fresh, nil
}

// stopRule names, from the kernel's scan results so far and the time the
// scan has run, the access point that makes the rest of the scan needless,
// or nil.
type stopRule func(bsses []nl80211.BSS, took time.Duration) *nl80211.BSS

// scanBusy runs one scan, waiting while the kernel is busy with another.
func (j *joiner) scanBusy(ctx context.Context, req nl80211.ScanRequest, stop stopRule) ([]nl80211.BSS, error) {
	for attempt := 0; ; attempt++ {
		sctx, cancel := context.WithTimeout(ctx, j.opts.ScanTimeout)
		bsses, err := j.watchScan(sctx, req, stop)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			bsses, err = j.scanOverdue()
		}
		busy := errors.Is(err, syscall.EBUSY) || errors.Is(err, nl80211.ErrScanAborted)
		if err == nil || !busy || attempt == scanBusyRetries {
			if err != nil {
				return nil, fmt.Errorf("scan on %s: %w", j.ifi.Name, err)
			}
			return bsses, nil
		}
		select {
		case <-time.After(500 * time.Millisecond):
		case <-ctx.Done():
			return nil, fmt.Errorf("scan on %s: %w", j.ifi.Name, ctx.Err())
		}
	}
}

// watchScan triggers a scan and returns the kernel's scan results once it
// ends. Meanwhile it reads them every ScanPoll: a NL80211_CMD_GET_SCAN dump
// walks cfg80211's table of access points, to which mac80211 adds each
// beacon and probe response as it is received, during a scan too. Once
// stop names one, the scan is stopped (NL80211_CMD_ABORT_SCAN): the kernel
// then ends it with NL80211_CMD_SCAN_ABORTED and keeps what it heard. A
// scan aborted that way is a result; one aborted by anything else, an
// ErrScanAborted.
func (j *joiner) watchScan(ctx context.Context, req nl80211.ScanRequest, stop stopRule) ([]nl80211.BSS, error) {
	ifindex := j.ifi.Index
	sub := j.radio.Subscribe(ifindex)
	defer sub.Close()
	start := j.opts.Now()
	if err := j.radio.TriggerScan(ifindex, req); err != nil {
		return nil, err
	}
	poll := time.NewTicker(j.opts.ScanPoll)
	defer poll.Stop()
	stopped := false
	for {
		select {
		case ev := <-sub.C:
			done, ok := ev.(*nl80211.ScanDoneEvent)
			switch {
			case !ok || done.Ifindex != ifindex:
			case done.Aborted && !stopped:
				return nil, fmt.Errorf("nl80211: scan on interface %d: %w", ifindex, nl80211.ErrScanAborted)
			default:
				return j.radio.ScanResults(ifindex)
			}
		case <-poll.C:
			stopped = stopped || j.stopScan(start, stop)
		case <-sub.Done():
			return nil, fmt.Errorf("nl80211: scan on interface %d: %w", ifindex, nl80211.ErrClosed)
		case <-ctx.Done():
			return nil, fmt.Errorf("nl80211: scan on interface %d: %w", ifindex, ctx.Err())
		}
	}
}

// stopScan reads what the running scan has heard and stops it when stop
// names an access point. It reports whether it is done: the scan stopped,
// or the driver refused to stop it and the scan's end is awaited as usual.
func (j *joiner) stopScan(start time.Time, stop stopRule) bool {
	bsses, err := j.radio.ScanResults(j.ifi.Index)
	if err != nil {
		return false // the scan's end reads them again
	}
	took := j.opts.Now().Sub(start)
	b := stop(bsses, took)
	if b == nil {
		return false
	}
	heard := fmt.Sprintf("heard %q on %d MHz at %d dBm", b.SSID, b.Frequency, b.Signal/100)
	switch err := j.radio.AbortScan(j.ifi.Index); {
	case err == nil:
		j.logf("scan stopped after %.2f s: %s", took.Seconds(), heard)
	case errors.Is(err, syscall.ENOENT): // it had just ended: its end is on its way
	default:
		j.logf("scan on %s %s after %.2f s, but could not be stopped (%v): waiting for its end", j.ifi.Name, heard, took.Seconds(), err)
	}
	return true
}

// scanOverdue ends a scan that did not finish within ScanTimeout and
// returns what it found so far, as wpa_supplicant does when a scan's end
// never comes: a slow driver (or emulated board) may have long passed the
// access point's channel.
func (j *joiner) scanOverdue() ([]nl80211.BSS, error) {
	if err := j.radio.AbortScan(j.ifi.Index); err != nil && !errors.Is(err, syscall.ENOENT) {
		j.logf("scan on %s did not finish in %v and could not be stopped: %v", j.ifi.Name, j.opts.ScanTimeout, err)
	}
	bsses, err := j.radio.ScanResults(j.ifi.Index)
	switch {
	case err != nil:
		return nil, fmt.Errorf("scan did not finish in %v: %w", j.opts.ScanTimeout, err)
	case len(bsses) == 0:
		return nil, fmt.Errorf("scan did not finish in %v and found nothing yet: %w", j.opts.ScanTimeout, context.DeadlineExceeded)
	}
	j.logf("scan on %s did not finish in %v; using the %s it had found", j.ifi.Name, j.opts.ScanTimeout, plural(len(bsses), "access point"))
	return bsses, nil
}
