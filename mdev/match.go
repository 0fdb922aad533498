package mdev

import (
	"path"
	"regexp"
	"strings"
)

// Match reports whether r applies to ev and returns the submatches of its
// regex, for %1..%9 in Path (empty for @major,minor rules). As in busybox,
// the rule's regex must match the whole name or variable; ENV=regex;
// prefixes need only be found in their variable. A device-name regex with a
// '/' in it also matches "SUBSYSTEM/name" (net/eth0), the form busybox had
// before 1.21. Rules made by hand are compiled on first use; a bad regex
// matches nothing.
func (r *Rule) Match(ev Event) ([]string, bool) {
	if r.compile() != nil {
		return nil, false
	}
	for _, e := range r.Env {
		v, ok := ev.Env[e.Var]
		if !ok || !e.re.MatchString(v) {
			return nil, false
		}
	}
	switch {
	case r.DevNum != nil:
		d := r.DevNum
		ok := ev.HasDevNum() && ev.Major == d.Major && ev.Minor >= d.MinorFirst && ev.Minor <= d.MinorLast
		return make([]string, 10), ok
	case r.Var != "":
		v, ok := ev.Env[r.Var]
		if !ok {
			return nil, false
		}
		return fullMatch(r.re, v)
	}
	if subs, ok := fullMatch(r.re, ev.Name()); ok {
		return subs, true
	}
	if strings.Contains(r.Pattern, "/") && ev.Subsystem != "" {
		return fullMatch(r.re, ev.Subsystem+"/"+path.Base(ev.Name()))
	}
	return nil, false
}

// fullMatch matches re against all of s, leftmost-longest as POSIX regexec.
func fullMatch(re *regexp.Regexp, s string) ([]string, bool) {
	loc := re.FindStringSubmatchIndex(s)
	if loc == nil || loc[0] != 0 || loc[1] != len(s) {
		return nil, false
	}
	subs := make([]string, len(loc)/2)
	for i := range subs {
		if loc[2*i] >= 0 {
			subs[i] = s[loc[2*i]:loc[2*i+1]]
		}
	}
	return subs, true
}

// compile compiles the rule's regexes if ParseConf did not.
func (r *Rule) compile() error {
	for i := range r.Env {
		if r.Env[i].re == nil {
			re, err := regexp.CompilePOSIX(r.Env[i].Pattern)
			if err != nil {
				return err
			}
			r.Env[i].re = re
		}
	}
	if r.DevNum != nil || r.re != nil {
		return nil
	}
	var err error
	r.re, err = regexp.CompilePOSIX(r.Pattern)
	return err
}

// expandPath substitutes %0..%9 in p with the submatches; a '%' not followed
// by the number of a submatch stays as it is, as in busybox. A path ending
// in '/' is a directory: the device's name is appended.
func expandPath(p string, subs []string, name string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+1 < len(p) && p[i+1] >= '0' && p[i+1] <= '9' {
			if n := int(p[i+1] - '0'); n < len(subs) {
				b.WriteString(subs[n])
				i++
				continue
			}
		}
		b.WriteByte(p[i])
	}
	out := b.String()
	if strings.HasSuffix(out, "/") {
		out += path.Base(name)
	}
	return out
}
