package main

import (
	"errors"
	"math"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// sampleKeeper reads the keeper's VmRSS and CPU time at the start of the I/O, every
// soak.SampleEverySeconds during it and once more when stop closes: a long soak's
// figures at its start and its end. The CPU time counts from the first reading.
func sampleKeeper(sys system, ss soakSys, soak guestproto.Soak, loopStart time.Time, stop <-chan struct{}) ([]guestproto.Sample, error) {
	if soak.SampleEverySeconds <= 0 {
		return nil, nil
	}
	var out []guestproto.Sample
	var errs []error
	cpu0 := math.NaN()
	take := func() {
		rss, errRSS := keeperRSS(sys.root)
		cpu, errCPU := keeperCPU(sys.root)
		if err := errors.Join(errRSS, errCPU); err != nil {
			errs = append(errs, err)
			return
		}
		if math.IsNaN(cpu0) {
			cpu0 = cpu
		}
		out = append(out, guestproto.Sample{
			AtSeconds: math.Round(ss.now().Sub(loopStart).Seconds()*10) / 10,
			VmRSSKiB:  rss, CPUSeconds: msRound(cpu - cpu0),
		})
	}
	take()
	every := seconds(soak.SampleEverySeconds)
	next := loopStart.Add(every)
	for {
		select {
		case <-stop:
			take()
			return out, errors.Join(errs...)
		default:
		}
		if !ss.now().Before(next) {
			take()
			next = next.Add(every)
		}
		ss.sleep(min(time.Second, every))
	}
}
