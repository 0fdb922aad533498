package mdev

import "context"

// moduleJob is a module to load and what asked for it.
type moduleJob struct {
	module   string
	modalias string
	devpath  string
}

// requestModules queues the modules matching the event's MODALIAS, each
// module once in the daemon's life however many devices ask for it. When
// the lookup fails (no modules tree), that is said once.
func (d *Daemon) requestModules(ev Event) {
	if d.Modules == nil || d.noAliases {
		return
	}
	mods, err := d.Modules.ModaliasModules(ev.Modalias)
	if err != nil {
		d.noAliases = true
		d.logf("mdev: no module autoload: %v", err)
		return
	}
	if len(mods) == 0 {
		d.debugf("mdev: no module for %s (%s)", ev.Modalias, ev.DevPath)
		return
	}
	for _, m := range mods {
		if d.requested[m] {
			continue
		}
		d.requested[m] = true
		d.track.add(busyModule, 1)
		d.modules.push(moduleJob{module: m, modalias: ev.Modalias, devpath: ev.DevPath})
	}
}

// loadModules loads the queued modules one at a time; ModuleJobs of them
// run. Once a module is loaded (or failed), the uevents its driver sent
// while probing, up to the kernel's seqnum then, are due (see expectUevents).
func (d *Daemon) loadModules(ctx context.Context) {
	defer d.wg.Done()
	for {
		job, ok := d.modules.pop(ctx)
		if !ok {
			return
		}
		d.debugf("mdev: %s for %s (%s)", job.module, job.modalias, job.devpath)
		why := "modalias " + job.modalias + " of " + job.devpath
		if err := d.Modules.LoadFor(why, job.module); err != nil {
			d.logf("mdev: %v (asked for by %s)", err, job.modalias)
		}
		d.expectUevents()
		d.track.add(busyModule, -1)
	}
}

// expectUevents makes Settle wait for every uevent the kernel has sent so
// far. Without the kernel's seqnum (no sysfs), Settle's quiet time is all
// there is.
func (d *Daemon) expectUevents() {
	n, err := d.seqnum()
	if err != nil {
		d.debugf("mdev: %v", err)
		return
	}
	d.track.expect(n)
}
