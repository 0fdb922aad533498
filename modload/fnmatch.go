package modload

import "strings"

// MatchAlias reports whether the alias pattern (from modules.alias or a
// module's alias= entry) matches name, the way modprobe does: both are
// normalised with [NormalizeAlias], then matched with fnmatch(3) rules and no
// flags: '*' matches any string ('/' included), '?' any one byte, '[...]' one
// byte from a set ("[0-9A-F]", negated by a leading '!' or '^', with POSIX
// classes such as "[[:digit:]]"), '\' quotes the next byte (a pattern ending
// in a lone '\' matches nothing). A '[' with no closing ']' matches itself.
func MatchAlias(pattern, name string) bool {
	return fnmatch(NormalizeAlias(pattern), NormalizeAlias(name))
}

// NormalizeAlias returns an alias in the spelling modprobe compares: each '-'
// becomes '_', except inside a bracket expression.
func NormalizeAlias(alias string) string {
	if !strings.Contains(alias, "-") {
		return alias
	}
	b := []byte(alias)
	inBracket := false
	for i, c := range b {
		switch {
		case c == '[' && !inBracket:
			inBracket = true
		case c == ']' && inBracket:
			inBracket = false
		case c == '-' && !inBracket:
			b[i] = '_'
		}
	}
	return string(b)
}

// fnmatch matches name against pattern with fnmatch(3) rules, flags 0. Every
// token but '*' matches exactly one byte, so remembering only the last '*'
// and retrying it one byte further is enough; the cost is at most
// len(pattern) * len(name).
func fnmatch(pattern, name string) bool {
	p, n := 0, 0
	starP, starN := -1, -1
	for p < len(pattern) || n < len(name) {
		if p < len(pattern) && pattern[p] == '*' {
			starP, starN = p, n
			p++
			continue
		}
		if p < len(pattern) && n < len(name) {
			if width, ok := matchOne(pattern[p:], name[n]); ok {
				p += width
				n++
				continue
			}
		}
		if starP < 0 || starN >= len(name) {
			return false
		}
		starN++
		p, n = starP+1, starN
	}
	return true
}

// matchOne matches the byte c against the token at the start of pattern (not
// '*') and returns the token's width and whether it matched.
func matchOne(pattern string, c byte) (int, bool) {
	switch pattern[0] {
	case '?':
		return 1, true
	case '\\':
		if len(pattern) == 1 {
			return 1, false // a trailing '\' quotes nothing: glibc matches nothing
		}
		return 2, c == pattern[1]
	case '[':
		if width, matched, ok := matchBracket(pattern, c); ok {
			return width, matched
		}
	}
	return 1, c == pattern[0]
}

// matchBracket matches c against the bracket expression at the start of
// pattern. ok is false when the expression is not closed by a ']'.
func matchBracket(pattern string, c byte) (width int, matched, ok bool) {
	i := 1
	negate := i < len(pattern) && (pattern[i] == '!' || pattern[i] == '^')
	if negate {
		i++
	}
	for first := true; i < len(pattern); first = false {
		if pattern[i] == ']' && !first {
			return i + 1, matched != negate, true
		}
		if class, w, isClass := bracketClass(pattern[i:]); isClass {
			matched = matched || inClass(class, c)
			i += w
			continue
		}
		lo, w := bracketByte(pattern[i:])
		i += w
		hi := lo
		if i+1 < len(pattern) && pattern[i] == '-' && pattern[i+1] != ']' {
			hi, w = bracketByte(pattern[i+1:])
			i += 1 + w
		}
		matched = matched || (lo <= c && c <= hi)
	}
	return 0, false, false
}

// bracketByte returns the byte that the start of s stands for in a bracket
// expression: itself, the next byte after '\', or the X of a collating
// symbol "[.X.]" or equivalence class "[=X=]"; and how many bytes of s it took.
func bracketByte(s string) (byte, int) {
	switch {
	case len(s) >= 5 && s[0] == '[' && (s[1] == '.' || s[1] == '=') && s[3] == s[1] && s[4] == ']':
		return s[2], 5
	case s[0] == '\\' && len(s) > 1:
		return s[1], 2
	}
	return s[0], 1
}

// bracketClass reads a "[:name:]" class at the start of s.
func bracketClass(s string) (name string, width int, ok bool) {
	if !strings.HasPrefix(s, "[:") {
		return "", 0, false
	}
	end := strings.Index(s[2:], ":]")
	if end < 0 {
		return "", 0, false
	}
	return s[2 : 2+end], end + 4, true
}

// inClass reports whether c is in the POSIX character class name, in the C
// locale. An unknown class matches nothing.
func inClass(name string, c byte) bool {
	isUpper, isLower := 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z'
	isDigit := '0' <= c && c <= '9'
	isAlpha := isUpper || isLower
	isGraph := '!' <= c && c <= '~'
	switch name {
	case "alpha":
		return isAlpha
	case "digit":
		return isDigit
	case "alnum":
		return isAlpha || isDigit
	case "upper":
		return isUpper
	case "lower":
		return isLower
	case "xdigit":
		return isDigit || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
	case "space":
		return c == ' ' || ('\t' <= c && c <= '\r')
	case "blank":
		return c == ' ' || c == '\t'
	case "punct":
		return isGraph && !isAlpha && !isDigit
	case "graph":
		return isGraph
	case "print":
		return isGraph || c == ' '
	case "cntrl":
		return c < ' ' || c == 0x7f
	}
	return false
}
