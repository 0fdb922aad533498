package modload

import (
	"fmt"
	"strings"
)

// Module is one module of a closure, in the order to load it.
type Module struct {
	Name string
	// Path is the module file relative to the tree's root
	// (kernel/net/mac80211/mac80211.ko), or its modules.builtin path.
	Path string
	// Depends names the modules it needs: its direct dependencies when the
	// index read .modinfo sections, all of them when it read modules.dep.
	Depends []string
	// Firmware lists the firmware files it may request; known only when the
	// index read .modinfo sections (else see Index.Modinfo).
	Firmware []string
	// NeededBy is the module that pulled this one in, or "" when it was
	// asked for.
	NeededBy string
	// Builtin is set for a module built into the kernel: there is nothing to
	// load, it is listed so that callers can say so.
	Builtin bool
	// Why, when set, says why the module is in a closure in words
	// ("pre softdep of nfs"); [Loader.Closure] sets it.
	Why string
}

// Reason says why m is in a closure: Why when set, else "asked for" or
// "needed by X".
func (m Module) Reason() string {
	if m.Why != "" {
		return m.Why
	}
	if m.NeededBy == "" {
		return "asked for"
	}
	return "needed by " + m.NeededBy
}

func (e *entry) module(neededBy string) Module {
	return Module{
		Name:     e.name,
		Path:     e.path,
		Depends:  append([]string(nil), e.depends...),
		Firmware: append([]string(nil), e.firmware...),
		NeededBy: neededBy,
	}
}

// Closure returns the named modules and every module they need, each once,
// dependencies before the modules that need them. Built-in modules are
// included with Builtin set (there is nothing to load). A name the tree does
// not know is a *NotFoundError; a dependency cycle is an error naming it.
func (ix *Index) Closure(names ...string) ([]Module, error) {
	c := closure{ix: ix, state: make(map[string]visitState), asked: make(map[string]bool)}
	for _, name := range names {
		c.asked[Normalize(name)] = true
	}
	for _, name := range names {
		if err := c.visit(Normalize(name), ""); err != nil {
			return nil, err
		}
	}
	return c.out, nil
}

type visitState int

const (
	unvisited visitState = iota
	visiting
	visited
)

// closure is a depth-first walk of the dependency graph that appends each
// module after its dependencies.
type closure struct {
	ix    *Index
	state map[string]visitState
	asked map[string]bool
	stack []string // modules being visited, for cycle messages
	out   []Module
}

func (c *closure) visit(name, neededBy string) error {
	switch c.state[name] {
	case visited:
		return nil
	case visiting:
		return fmt.Errorf("module dependency cycle: %s -> %s", strings.Join(c.stack, " -> "), name)
	}
	if c.asked[name] {
		neededBy = ""
	}
	e, ok := c.ix.modules[name]
	if !ok {
		return c.visitMissing(name, neededBy)
	}
	c.state[name] = visiting
	c.stack = append(c.stack, name)
	for _, dep := range e.depends {
		if err := c.visit(dep, name); err != nil {
			return err
		}
	}
	c.stack = c.stack[:len(c.stack)-1]
	c.state[name] = visited
	c.out = append(c.out, e.module(neededBy))
	return nil
}

// visitMissing handles a name that has no module file: fine when built in.
func (c *closure) visitMissing(name, neededBy string) error {
	p, builtin := c.ix.builtin[name]
	if !builtin {
		return c.ix.notFound(name, neededBy)
	}
	c.state[name] = visited
	c.out = append(c.out, Module{Name: name, Path: p, NeededBy: neededBy, Builtin: true})
	return nil
}
