package cmdline

import "strings"

// param is one kernel parameter as the kernel's next_arg() splits it.
type param struct {
	name     string
	value    string
	hasValue bool // name=value, possibly with an empty value
}

// text rejoins the parameter, quotes removed, as the kernel hands it to init.
func (p param) text() string {
	if !p.hasValue {
		return p.name
	}
	return p.name + "=" + p.value
}

// isSeparator reports whether p is the "--" that ends the kernel's parameters.
func (p param) isSeparator() bool { return !p.hasValue && p.name == "--" }

// Split splits a kernel command line into parameters the way the kernel does (next_arg in
// lib/cmdline.c), returning each as "name" or "name=value" with quotes removed:
//
//   - parameters are separated by runs of ASCII white space (so /proc/cmdline's trailing
//     newline is harmless);
//   - a double quote starts or ends quoting; white space inside quotes does not split;
//     there is no escape for '"';
//   - quotes around the whole value (name="a b") or the whole parameter ("name=a b") are
//     removed; other quotes stay (name=a"b c"d keeps its quotes);
//   - the name ends at the first '=' that is not the parameter's first character;
//   - a NUL byte ends the command line.
//
// "--" is returned as a parameter of its own: the kernel stops there, and what follows are
// arguments for init (see Parse). Unlike the kernel, which treats byte 0xA0 as white space,
// only ASCII white space separates, so UTF-8 text in values survives.
func Split(cmdline string) []string {
	params := tokenize(cmdline)
	out := make([]string, len(params))
	for i, p := range params {
		out[i] = p.text()
	}
	return out
}

// tokenize splits cmdline into parameters; see Split.
func tokenize(cmdline string) []param {
	if i := strings.IndexByte(cmdline, 0); i >= 0 {
		cmdline = cmdline[:i]
	}
	var params []param
	rest := trimSpace(cmdline)
	for rest != "" {
		var p param
		p, rest = nextParam(rest)
		params = append(params, p)
	}
	return params
}

// nextParam takes one parameter off the front of s, which starts with a non-space byte,
// and returns it with the rest of s, leading spaces removed.
func nextParam(s string) (param, string) {
	quoted := s[0] == '"'
	if quoted {
		s = s[1:]
	}
	inQuote, equals, i := quoted, 0, 0
	for ; i < len(s); i++ {
		c := s[i]
		if isSpace(c) && !inQuote {
			break
		}
		if equals == 0 && c == '=' {
			equals = i // an '=' at index 0 does not count, as in the kernel
		}
		if c == '"' {
			inQuote = !inQuote
		}
	}
	token, rest := s[:i], trimSpace(s[i:])
	end, valueStart := i, equals+1
	if equals != 0 && valueStart < i && token[valueStart] == '"' {
		valueStart++
		if token[i-1] == '"' {
			end = i - 1
		}
	}
	if quoted && end == i && i > 0 && token[i-1] == '"' {
		end = i - 1
	}
	if equals == 0 {
		return param{name: token[:end]}, rest
	}
	p := param{name: token[:equals], hasValue: true}
	if valueStart < end {
		p.value = token[valueStart:end]
	}
	return p, rest
}

// isSpace is the kernel's isspace for ASCII.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func trimSpace(s string) string {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return s[i:]
}
