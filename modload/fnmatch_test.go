package modload

import (
	"path"
	"strings"
	"testing"
)

func TestMatchAlias(t *testing.T) {
	const rtl = "usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*"
	const storage = "usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in*"
	tests := []struct {
		name    string
		pattern string
		alias   string
		want    bool
	}{
		{name: "usb modalias", pattern: rtl, alias: "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00", want: true},
		{name: "usb other product", pattern: rtl, alias: "usb:v0BDAp8178d0200dcFFdscFFdpFFicFFiscFFipFFin00", want: false},
		{name: "range in", pattern: storage, alias: "usb:v13FDp3940d0150dc00dsc00dp00ic08isc06ip50in00", want: true},
		{name: "range out", pattern: storage, alias: "usb:v13FDp3940d0350dc00dsc00dp00ic08isc06ip50in00", want: false},
		{name: "'*' matches '/' (device tree)", pattern: "of:N*T*Cbrcm,bcm4329-fmacC*", alias: "of:NwifiT(null)Cbrcm,bcm4329-fmacCbrcm,bcm4329-fmac", want: true},
		{name: "'-' and '_' the same", pattern: "crypto-ccm", alias: "crypto_ccm", want: true},
		{name: "'-' kept in brackets", pattern: "x[a-c]", alias: "xb", want: true},
		{name: "'-' kept in brackets, no match", pattern: "x[a-c]", alias: "x_", want: false},
		{name: "negation '!'", pattern: "d[!0-2]", alias: "d5", want: true},
		{name: "negation '^'", pattern: "d[^0-2]", alias: "d1", want: false},
		{name: "class", pattern: "v[[:xdigit:]][[:digit:]]", alias: "vF9", want: true},
		{name: "class no match", pattern: "v[[:upper:]]", alias: "vf", want: false},
		{name: "unknown class", pattern: "v[[:nope:]]", alias: "vn", want: false},
		{name: "']' first in set", pattern: "[]]", alias: "]", want: true},
		{name: "unclosed '[' is literal", pattern: "a[b", alias: "a[b", want: true},
		{name: "escaped '*'", pattern: `a\*b`, alias: "a*b", want: true},
		{name: "escaped '*' is not a wildcard", pattern: `a\*b`, alias: "axb", want: false},
		{name: "trailing backslash matches nothing", pattern: `a\`, alias: `a\`, want: false},
		{name: "'?' one byte", pattern: "a?c", alias: "abc", want: true},
		{name: "'?' not zero bytes", pattern: "a?c", alias: "ac", want: false},
		{name: "stars backtrack", pattern: "*a*b*c", alias: "xaxbxc", want: true},
		{name: "stars backtrack, no match", pattern: "*a*b*c", alias: "xaxbx", want: false},
		{name: "empty", pattern: "", alias: "", want: true},
		{name: "star matches empty", pattern: "*", alias: "", want: true},
		{name: "exact name", pattern: "ccm", alias: "ccm", want: true},
		{name: "prefix only", pattern: "ccm", alias: "ccm_base", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchAlias(tt.pattern, tt.alias); got != tt.want {
				t.Errorf("MatchAlias(%q, %q) = %v, want %v", tt.pattern, tt.alias, got, tt.want)
			}
		})
	}
}

func TestNormalizeAlias(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "dashes", in: "crypto-ccm", want: "crypto_ccm"},
		{name: "brackets kept", in: "a-[x-z]-b", want: "a_[x-z]_b"},
		{name: "']' first in brackets ends them, as in kmod", in: "[]-]-", want: "[]_]_"},
		{name: "unclosed bracket", in: "a-[b-c", want: "a_[b-c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeAlias(tt.in); got != tt.want {
				t.Errorf("NormalizeAlias(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzMatchAlias checks that matching never panics, that a fully quoted
// string matches itself, and that for plain ASCII patterns of '*', '?' and
// literals it agrees with path.Match (whose '*' stops at '/', so none here).
func FuzzMatchAlias(f *testing.F) {
	f.Add("usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00")
	f.Add("d0[0-2]*[[:digit:]][!a]", "d015x")
	f.Add(`*a*\*?[`, "bab*c[")
	f.Fuzz(func(t *testing.T, pattern, name string) {
		got := fnmatch(pattern, name)
		if quoted := quoteAll(name); !fnmatch(quoted, name) {
			t.Errorf("fnmatch(%q, %q) = false, want true", quoted, name)
		}
		if plainGlob(pattern) && plainGlob(name) && !strings.ContainsAny(name, "*?") {
			want, err := path.Match(pattern, name)
			if err == nil && got != want {
				t.Errorf("fnmatch(%q, %q) = %v, path.Match says %v", pattern, name, got, want)
			}
		}
		lookup := Aliases{{Pattern: pattern, Module: "m"}}.Lookup(name)
		if (len(lookup) == 1) != MatchAlias(pattern, name) {
			t.Errorf("Lookup and MatchAlias disagree on %q, %q", pattern, name)
		}
	})
}

// quoteAll puts a backslash before every byte of s.
func quoteAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte('\\')
		b.WriteByte(s[i])
	}
	return b.String()
}

// plainGlob reports whether s is printable ASCII without '/', '[', ']' or '\'.
func plainGlob(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || strings.IndexByte(`/[]\`, c) >= 0 {
			return false
		}
	}
	return true
}
