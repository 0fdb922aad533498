package modload

import (
	"fmt"
	"io"
	"strings"
)

// SoftdepRule is one softdep line: of modprobe.d ("softdep PATTERN pre: a
// post: b", the pattern matched as alias patterns are) or of depmod's
// modules.softdep (a module's own MODULE_SOFTDEP, the pattern its name).
type SoftdepRule struct {
	Pattern string
	Softdep
}

// Softdeps are softdep lines in order.
type Softdeps []SoftdepRule

// Lookup returns the softdeps of the first line whose pattern matches the
// module called name, and whether one matched (modprobe uses only the first).
func (s Softdeps) Lookup(name string) (Softdep, bool) {
	for _, rule := range s {
		if MatchAlias(rule.Pattern, name) {
			return rule.Softdep, true
		}
	}
	return Softdep{}, false
}

// WriteTo writes s as softdep lines, the format of depmod's modules.softdep,
// which [ParseModprobeConf] reads.
func (s Softdeps) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, rule := range s {
		writeConfLine(&b, "softdep", rule.Pattern, rule.text())
	}
	n, err := io.WriteString(w, b.String())
	if err != nil {
		return int64(n), fmt.Errorf("write softdeps: %w", err)
	}
	return int64(n), nil
}

// text is the rule's softdeps as its line gives them; a rule that names no
// module is written "pre:", for it still hides the lines after it.
func (rule SoftdepRule) text() string {
	if text := rule.Softdep.String(); text != "" {
		return text
	}
	return "pre:"
}

// String returns sd as a softdep line gives it: "pre: a b post: c".
func (sd Softdep) String() string {
	var parts []string
	if len(sd.Pre) > 0 {
		parts = append(append(parts, "pre:"), sd.Pre...)
	}
	if len(sd.Post) > 0 {
		parts = append(append(parts, "post:"), sd.Post...)
	}
	return strings.Join(parts, " ")
}

// empty reports whether sd names no module.
func (sd Softdep) empty() bool { return len(sd.Pre) == 0 && len(sd.Post) == 0 }

// merge appends o's modules to sd's.
func (sd *Softdep) merge(o Softdep) {
	sd.Pre = append(sd.Pre, o.Pre...)
	sd.Post = append(sd.Post, o.Post...)
}

// Of returns the rules of s whose pattern is one of the modules (either
// spelling), in order: modules.softdep for a subset of a tree.
func (s Softdeps) Of(modules ...string) Softdeps {
	want := nameSet(modules)
	var out Softdeps
	for _, rule := range s {
		if want[Normalize(rule.Pattern)] {
			out = append(out, rule)
		}
	}
	return out
}
