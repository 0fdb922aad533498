package mdev

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// confSpace separates mdev.conf fields.
const confSpace = " \t\r"

// ReadConf reads and parses the mdev.conf called name in fsys (see
// ParseConf). A missing file is an error matching fs.ErrNotExist.
func ReadConf(fsys fs.FS, name string, ids IDLookup) ([]Rule, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read mdev.conf: %w", err)
	}
	defer f.Close()
	return ParseConf(f, ids)
}

// ParseConf parses busybox mdev.conf. As busybox reads it (since 1.20,
// config_read without PARSE_EOL_COMMENTS), a line ending in '\' goes on on
// the next one, a line whose first character but blanks is '#' is a
// comment, and blank lines are skipped; a '#' further on is the rule's
// own (a regex's, a command's: ${MDEV#ttyUSB} reaches the shell whole),
// except where a node or command would start, where it begins a comment.
// User and group names are resolved through ids (nil: only numbers). A
// bad line is left out and reported: the error joins one error per bad
// line, each naming its number, and the good rules are returned with it.
func ParseConf(r io.Reader, ids IDLookup) ([]Rule, error) {
	var rules []Rule
	var errs []error
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		first, text := n, strings.TrimSuffix(sc.Text(), "\r")
		for strings.HasSuffix(text, `\`) && sc.Scan() {
			n++
			text = text[:len(text)-1] + strings.TrimSuffix(sc.Text(), "\r")
		}
		line := strings.Trim(text, confSpace)
		if line == "" || line[0] == '#' {
			continue
		}
		rule, err := parseRule(line, ids)
		if err != nil {
			errs = append(errs, fmt.Errorf("mdev.conf line %d: %w", first, err))
			continue
		}
		rule.Line = first
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read mdev.conf: %w", err))
	}
	return rules, errors.Join(errs...)
}

// uncomment is s, or "" when s is a comment: what follows a rule's fields
// where a node or a command would start. busybox takes "# serial ports"
// there for a bad command and drops the rule; airroot, as busybox's
// examples read, for a comment.
func uncomment(s string) string {
	if strings.HasPrefix(s, "#") {
		return ""
	}
	return s
}

// nextField returns the first field of s and what follows it.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeft(s, confSpace)
	i := strings.IndexAny(s, confSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimLeft(s[i:], confSpace)
}

func parseRule(line string, ids IDLookup) (Rule, error) {
	match, rest := nextField(line)
	owner, rest := nextField(rest)
	mode, rest := nextField(rest)
	if mode == "" {
		return Rule{}, fmt.Errorf("want <device regex> <uid>:<gid> <permissions>, got %q", line)
	}
	var r Rule
	if err := r.parseMatch(match); err != nil {
		return Rule{}, err
	}
	if err := r.parseOwner(owner, ids); err != nil {
		return Rule{}, err
	}
	perm, err := strconv.ParseUint(mode, 8, 32)
	if err != nil || perm > 0o7777 {
		return Rule{}, fmt.Errorf("permissions %q are not octal like 660", mode)
	}
	r.Mode = modeFromOctal(uint32(perm))
	rest = uncomment(rest)
	if err := r.parseNode(&rest); err != nil {
		return Rule{}, err
	}
	return r, r.parseCommand(uncomment(rest))
}

// parseMatch parses the first field: [-][ENV=regex;]...<what>.
func (r *Rule) parseMatch(s string) error {
	if strings.HasPrefix(s, "-") {
		r.Continue = true
		s = s[1:]
	}
	s, err := r.parseEnvPrefixes(s)
	if err != nil {
		return err
	}
	switch {
	case strings.HasPrefix(s, "@"):
		r.DevNum, err = parseDevNum(s)
		return err
	case strings.HasPrefix(s, "$"):
		name, pattern, ok := strings.Cut(s[1:], "=")
		if !ok || !isVarName(name) {
			return fmt.Errorf("%q is not $ENVVAR=regex", s)
		}
		r.Var = name
		r.Pattern, r.re, err = compileRegex(pattern)
		return err
	default:
		r.Pattern, r.re, err = compileRegex(s)
		return err
	}
}

// parseEnvPrefixes takes the ENV=regex; prefixes off s, as busybox does:
// a prefix is a variable name, '=', and a regex up to the first ';'.
func (r *Rule) parseEnvPrefixes(s string) (string, error) {
	for {
		name, after, ok := strings.Cut(s, "=")
		if !ok || !isVarName(name) {
			return s, nil
		}
		pattern, rest, ok := strings.Cut(after, ";")
		if !ok {
			return s, nil
		}
		re, err := regexp.CompilePOSIX(pattern)
		if err != nil {
			return "", fmt.Errorf("regex %q for %s: %w", pattern, name, err)
		}
		r.Env = append(r.Env, EnvMatch{Var: name, Pattern: pattern, re: re})
		s = rest
	}
}

func parseDevNum(s string) (*DevNumRange, error) {
	bad := fmt.Errorf("%q is not @major,minor[-minor2]", s)
	majorText, minors, ok := strings.Cut(s[1:], ",")
	if !ok {
		return nil, bad
	}
	firstText, lastText, isRange := strings.Cut(minors, "-")
	if !isRange {
		lastText = firstText
	}
	major, err1 := parseDecimal(majorText)
	first, err2 := parseDecimal(firstText)
	last, err3 := parseDecimal(lastText)
	if err1 != nil || err2 != nil || err3 != nil || last < first {
		return nil, bad
	}
	return &DevNumRange{Major: major, MinorFirst: first, MinorLast: last}, nil
}

func parseDecimal(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err
}

func compileRegex(pattern string) (string, *regexp.Regexp, error) {
	re, err := regexp.CompilePOSIX(pattern)
	if err != nil {
		return "", nil, fmt.Errorf("regex %q: %w", pattern, err)
	}
	return pattern, re, nil
}

// isVarName reports whether s is a shell variable name.
func isVarName(s string) bool {
	for i, c := range s {
		letter := c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}
