package modload

import (
	"errors"
	"fmt"
)

// request is one module to load: by name, or matched by an alias.
type request struct {
	name  string // normalised module name
	why   string // "asked for", "for fs-nfs", "pre softdep of nfs"...
	alias string // the alias it was asked for by (its options apply), or ""
}

// node is one module of a load plan.
type node struct {
	Module
	index    int    // position in the plan: dependencies come before their users
	why      string // why it is loaded, for messages
	alias    string // options for this alias apply too
	required bool   // asked for, or needed by a required module
	done     bool   // nothing to load: built in or already loaded
	install  string // a disabling install command ("/bin/true", "/bin/false")
	hard     []*node
	soft     []*node
	users    []*node // the modules waiting for this one
	pending  int     // hard and soft dependencies not finished yet
	height   int     // longest chain of users, itself included (0: unknown)
	failed   bool
	err      error
}

// plan is the graph of the modules one Load or LoadAlias call loads: a
// module waits for its dependencies (hard edges) and its pre softdeps, its
// post softdeps wait for it (soft edges). Hard edges come from the index,
// which has no cycle; a soft edge that would close a cycle is left out.
type plan struct {
	l        *Loader
	loaded   map[string]bool
	nodes    map[string]*node
	order    []*node
	planErrs []error
}

func (l *Loader) newPlan() *plan {
	return &plan{l: l, loaded: l.loadedSet(), nodes: make(map[string]*node)}
}

// add puts the module of r and the modules it needs in the plan, and
// returns its node, or nil when it cannot be loaded (the reason is recorded
// for a required module and logged for a softdep).
func (p *plan) add(r request, required bool) *node {
	if n := p.nodes[r.name]; n != nil {
		return n
	}
	mods, err := p.l.Index.Closure(r.name)
	if cmd, ok := p.l.installCommand(r.name); err != nil && ok && disablingCommand(cmd) {
		return p.newNode(Module{Name: r.name}, r) // "install dummy0 /bin/true" with no module
	}
	if err != nil {
		p.cannotPlan(r, required, err)
		return nil
	}
	var top *node
	for _, m := range mods {
		n := p.nodes[m.Name]
		if n == nil {
			why := request{why: m.Reason()}
			if m.Name == r.name {
				why = r
			}
			n = p.newNode(m, why)
			for _, dep := range m.Depends {
				p.edge(p.nodes[dep], n, true)
			}
		}
		top = n
	}
	return top
}

// newNode adds a node for m. A module whose install command disables it
// ("install NAME /bin/true") is marked so: the command stands for loading
// it, as when modprobe runs install commands, its dependencies first.
func (p *plan) newNode(m Module, r request) *node {
	n := &node{Module: m, index: len(p.order), why: r.why, alias: r.alias}
	if cmd, ok := p.l.installCommand(m.Name); ok && disablingCommand(cmd) {
		n.install = cmd
	}
	n.done = m.Builtin || p.loaded[m.Name]
	p.nodes[m.Name] = n
	p.order = append(p.order, n)
	return n
}

// cannotPlan records why a module cannot be loaded at all.
func (p *plan) cannotPlan(r request, required bool, err error) {
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.NeededBy != "" {
		err = fmt.Errorf("load module %s: %w", r.name, err)
	}
	if required {
		p.planErrs = append(p.planErrs, err)
		return
	}
	p.l.logf("module %s (%s) skipped: %v", r.name, r.why, err)
}

// edge makes to wait for from.
func (p *plan) edge(from, to *node, hard bool) {
	if from == nil || from == to {
		return
	}
	if hard {
		to.hard = append(to.hard, from)
	} else {
		to.soft = append(to.soft, from)
	}
	from.users = append(from.users, to)
	to.pending++
}

// softEdge makes to wait for from unless it already does or from waits
// (through any chain) for to: softdeps may form cycles, which are broken
// here, first come first served.
func (p *plan) softEdge(from, to *node) {
	if from == nil || from == to || waitsFor(to, from) || waitsFor(from, to) {
		return
	}
	p.edge(from, to, false)
}

// waitsFor reports whether a waits, directly or not, for b.
func waitsFor(a, b *node) bool {
	seen := make(map[*node]bool)
	var walk func(n *node) bool
	walk = func(n *node) bool {
		if n == b {
			return true
		}
		if seen[n] {
			return false
		}
		seen[n] = true
		for _, d := range append(n.hard[:len(n.hard):len(n.hard)], n.soft...) {
			if walk(d) {
				return true
			}
		}
		return false
	}
	return walk(a)
}

// addSoftdeps adds the softdeps of every module in the plan, and theirs,
// until there are no new modules.
func (p *plan) addSoftdeps() {
	for i := 0; i < len(p.order); i++ {
		n := p.order[i]
		if n.done || n.install != "" {
			continue
		}
		sd := p.l.softdep(n.Name)
		for _, target := range p.softTargets(n, sd.Pre, "pre") {
			p.softEdge(target, n)
		}
		for _, target := range p.softTargets(n, sd.Post, "post") {
			p.softEdge(n, target)
		}
	}
}

// softTargets adds the modules that the softdeps names (module names or
// aliases) of n resolve to.
func (p *plan) softTargets(n *node, names []string, kind string) []*node {
	var targets []*node
	for _, name := range names {
		why := kind + " softdep of " + n.Name
		m, err := p.l.resolve(name)
		if err == nil && len(m.names) == 0 {
			err = &NotFoundError{Name: name, Alias: true, Dir: p.l.Index.where()}
		}
		if err != nil {
			p.l.logf("softdep %s (%s) skipped: %v", name, why, err)
			continue
		}
		for _, target := range m.names {
			if t := p.add(request{name: target, why: why}, false); t != nil {
				targets = append(targets, t)
			}
		}
	}
	return targets
}

// markRequired marks n and every module it needs as required: their
// failures are errors, not log lines.
func markRequired(n *node) {
	if n == nil || n.required {
		return
	}
	n.required = true
	for _, d := range n.hard {
		markRequired(d)
	}
}

// softdep returns the softdeps of the module called name: from Conf's first
// matching line, else the module's own.
func (l *Loader) softdep(name string) Softdep {
	if sd, ok := l.Conf.Softdep(name); ok {
		return sd
	}
	return l.Index.Softdep(name)
}

// disablingCommand reports whether an install command is the idiom that
// disables a module: true or false, which modprobe would run to no effect.
func disablingCommand(cmd string) bool {
	switch cmd {
	case "/bin/true", "true", "/usr/bin/true", "/bin/false", "false", "/usr/bin/false":
		return true
	}
	return false
}
