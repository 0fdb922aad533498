package mdev

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

// Rule is one line of mdev.conf:
//
//	[-][ENV=regex;]...<device regex> <uid>:<gid> <perm> [=path|>path|!] [@|$|*<command>]
//	[-][ENV=regex;]...@<major>,<minor>[-<minor2>] ...
//	[-][ENV=regex;]...$<ENVVAR>=<regex> ...
type Rule struct {
	Line     int        // in mdev.conf, for messages
	Continue bool       // leading '-': the rules after it are tried too
	Env      []EnvMatch // ENV=regex; prefixes, all of which must match

	// What the rule matches: DevNum when set (@major,minor), else Pattern
	// against the variable Var ($VAR=regex) or, when Var is empty, against
	// the device name (see Event.Name).
	DevNum  *DevNumRange
	Var     string
	Pattern string

	UID, GID uint32
	Mode     fs.FileMode // permissions, with fs.ModeSetuid, ModeSetgid, ModeSticky
	Node     NodeAction
	Path     string  // for NodeMove and NodeMoveLink, relative to /dev; %1..%9 are submatches
	Command  Command // zero when the line has none

	re *regexp.Regexp
}

// EnvMatch is an ENV=regex; prefix: the variable must be set and the regex
// found in it (anywhere, as busybox's regexec does).
type EnvMatch struct {
	Var     string
	Pattern string
	re      *regexp.Regexp
}

// DevNumRange is the @major,minor[-minor2] form: a device number range.
type DevNumRange struct {
	Major                 uint32
	MinorFirst, MinorLast uint32
}

// NodeAction is what a rule does with the device node besides owner and mode.
type NodeAction int

// Node actions: leave it, move it (=path), move it and link the old name to
// it (>path), or have no node (!).
const (
	NodeKeep NodeAction = iota
	NodeMove
	NodeMoveLink
	NodeNone
)

// Command is a rule's @, $ or * field.
type Command struct {
	On   CommandOn
	Text string // as written, without the leading @, $ or *
}

// CommandOn says on which actions a command runs.
type CommandOn byte

// The command markers of mdev.conf.
const (
	OnAdd    CommandOn = '@' // after the node is made
	OnRemove CommandOn = '$' // before the node is removed
	OnBoth   CommandOn = '*' // on every action: add, remove, change, bind...
)

// Runs reports whether the command runs for the event action. busybox's
// docs say '*' runs on add and remove; its mdev.c runs it on any action
// ("*cmd on any"), and scripts written for it may count on change events.
func (c Command) Runs(action string) bool {
	switch c.On {
	case OnAdd:
		return action == "add"
	case OnRemove:
		return action == "remove"
	case OnBoth:
		return action != ""
	}
	return false
}

// String formats the rule as an mdev.conf line (owners as numbers).
func (r Rule) String() string {
	var b strings.Builder
	if r.Continue {
		b.WriteByte('-')
	}
	for _, e := range r.Env {
		fmt.Fprintf(&b, "%s=%s;", e.Var, e.Pattern)
	}
	switch {
	case r.DevNum != nil:
		b.WriteString(r.DevNum.String())
	case r.Var != "":
		fmt.Fprintf(&b, "$%s=%s", r.Var, r.Pattern)
	default:
		b.WriteString(r.Pattern)
	}
	fmt.Fprintf(&b, " %d:%d %03o", r.UID, r.GID, modeToOctal(r.Mode))
	switch r.Node {
	case NodeMove:
		b.WriteString(" =" + r.Path)
	case NodeMoveLink:
		b.WriteString(" >" + r.Path)
	case NodeNone:
		b.WriteString(" !")
	}
	if r.Command.On != 0 {
		fmt.Fprintf(&b, " %c%s", r.Command.On, r.Command.Text)
	}
	return b.String()
}

// String formats the range as mdev.conf does: @major,minor[-minor2].
func (d DevNumRange) String() string {
	if d.MinorFirst == d.MinorLast {
		return fmt.Sprintf("@%d,%d", d.Major, d.MinorFirst)
	}
	return fmt.Sprintf("@%d,%d-%d", d.Major, d.MinorFirst, d.MinorLast)
}

// modeFromOctal converts chmod's octal bits to an fs.FileMode as os.Chmod
// wants it (os.Chmod ignores 0o7000 and reads fs.ModeSetuid and friends).
func modeFromOctal(perm uint32) fs.FileMode {
	mode := fs.FileMode(perm & 0o777)
	if perm&0o4000 != 0 {
		mode |= fs.ModeSetuid
	}
	if perm&0o2000 != 0 {
		mode |= fs.ModeSetgid
	}
	if perm&0o1000 != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// modeToOctal is the inverse of modeFromOctal.
func modeToOctal(mode fs.FileMode) uint32 {
	perm := uint32(mode.Perm())
	if mode&fs.ModeSetuid != 0 {
		perm |= 0o4000
	}
	if mode&fs.ModeSetgid != 0 {
		perm |= 0o2000
	}
	if mode&fs.ModeSticky != 0 {
		perm |= 0o1000
	}
	return perm
}
