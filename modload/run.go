package modload

import (
	"errors"
	"fmt"
)

// load plans the requests and loads the plan.
func (l *Loader) load(reqs []request) error {
	p := l.newPlan()
	for _, r := range reqs {
		n := p.add(r, true)
		if n == nil {
			continue
		}
		n.why, n.alias = r.why, r.alias // asked for beats needed by
		markRequired(n)
	}
	p.addSoftdeps()
	p.run()
	errs := p.planErrs
	for _, n := range p.order {
		if n.err != nil && n.required {
			errs = append(errs, n.err)
		}
	}
	return errors.Join(errs...)
}

// run loads the plan: every module once all it waits for have finished, at
// most Jobs at a time. With one job, modules go in plan order; with more,
// the ready module with the longest chain of modules waiting for it goes
// first (critical path first), then plan order.
func (p *plan) run() {
	if p.l.Jobs > 1 {
		p.setHeights()
	}
	var ready []*node
	for _, n := range p.order {
		if n.pending == 0 {
			ready = append(ready, n)
		}
	}
	finished := make(chan *node)
	running := 0
	for len(ready) > 0 || running > 0 {
		for len(ready) > 0 && running < p.l.Jobs {
			var n *node
			n, ready = takeFirst(ready)
			if p.settle(n) {
				ready = append(ready, p.finish(n)...)
				continue
			}
			running++
			go func() {
				n.err = p.l.loadNode(n)
				finished <- n
			}()
		}
		if running > 0 {
			n := <-finished
			running--
			ready = append(ready, p.finish(n)...)
		}
	}
}

// takeFirst removes and returns the node of ready to start first: the
// highest, then the first in the plan.
func takeFirst(ready []*node) (*node, []*node) {
	first := 0
	for i, n := range ready {
		f := ready[first]
		if n.height > f.height || n.height == f.height && n.index < f.index {
			first = i
		}
	}
	n := ready[first]
	return n, append(ready[:first], ready[first+1:]...)
}

// setHeights sets each node's height: how many modules, itself included,
// the longest chain of modules waiting for it has.
func (p *plan) setHeights() {
	var height func(n *node) int
	height = func(n *node) int {
		if n.height == 0 {
			n.height = 1
			for _, u := range n.users {
				n.height = max(n.height, 1+height(u))
			}
		}
		return n.height
	}
	for _, n := range p.order {
		height(n)
	}
}

// settle decides a node that needs no Init call: built in, already loaded,
// or not to be tried because a module it needs failed. It reports whether
// it did.
func (p *plan) settle(n *node) bool {
	if dep := failedDependency(n); dep != "" {
		n.err = fmt.Errorf("load module %s: not tried: needs %s: %w", n.Name, dep, ErrDependencyFailed)
		return true
	}
	if n.Builtin {
		p.l.logf("module %s is built into the kernel", n.Name)
	}
	return n.done
}

func failedDependency(n *node) string {
	for _, d := range n.hard {
		if d.failed {
			return d.Name
		}
	}
	return ""
}

// finish records the outcome of n and returns the modules now ready.
func (p *plan) finish(n *node) []*node {
	if n.err != nil {
		n.failed = true
		if !n.required {
			p.l.logf("%v (%s; going on without it)", n.err, n.why)
		}
	}
	var ready []*node
	for _, u := range n.users {
		if u.pending--; u.pending == 0 {
			ready = append(ready, u)
		}
	}
	return ready
}

// Closure returns the modules Load would load for names, in plan order (a
// valid load order), without loading anything and whatever is loaded
// already: every module they need, their softdeps (from Conf or their own)
// and what those need, built-in modules with Builtin set. A softdep that
// cannot be found is logged and left out; a name or dependency that cannot
// be found is an error, as with Load. Each module's Why says why it is in
// ("asked for", "needed by X", "pre softdep of Y"). The builder uses it to
// pick the modules of an initramfs.
func (l *Loader) Closure(names ...string) ([]Module, error) {
	if err := l.setup(); err != nil {
		return nil, err
	}
	p := &plan{l: l, loaded: map[string]bool{}, nodes: make(map[string]*node)}
	for _, name := range names {
		p.add(request{name: Normalize(name), why: "asked for"}, true)
	}
	p.addSoftdeps()
	mods := make([]Module, len(p.order))
	for i, n := range p.order {
		mods[i] = n.Module
		mods[i].Why = n.why
	}
	return mods, errors.Join(p.planErrs...)
}
