package cmdline

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{name: "raspberry pi", in: "console=serial0,115200 console=tty1 root=/dev/nfs rootwait\n",
			want: []string{"console=serial0,115200", "console=tty1", "root=/dev/nfs", "rootwait"}},
		{name: "runs of white space", in: " \t quiet\t\tro \r\n\v\f splash ", want: []string{"quiet", "ro", "splash"}},
		{name: "empty", in: "", want: []string{}},
		{name: "only space", in: " \n", want: []string{}},
		{name: "quoted value", in: `airroot.ssid="My Home" x`, want: []string{"airroot.ssid=My Home", "x"}},
		{name: "quoted parameter", in: `"airroot.ssid=My Home" x`, want: []string{"airroot.ssid=My Home", "x"}},
		{name: "quotes inside a value stay", in: `a=x"b c"d e`, want: []string{`a=x"b c"d`, "e"}},
		{name: "opening quote of value removed, closing one kept when not last", in: `x="a b"c`, want: []string{`x=a b"c`}},
		{name: "quoted name", in: `"quoted" next`, want: []string{"quoted", "next"}},
		{name: "unterminated quote runs to the end", in: `"a b c`, want: []string{"a b c"}},
		{name: "value of one quote", in: `foo="`, want: []string{"foo="}},
		{name: "empty quoted value", in: `foo=""`, want: []string{"foo="}},
		{name: "empty quotes", in: `""`, want: []string{""}},
		{name: "double dash", in: "ro -- single  --x=1", want: []string{"ro", "--", "single", "--x=1"}},
		{name: "quoted double dash", in: `a "--" b`, want: []string{"a", "--", "b"}},
		{name: "NUL ends the command line", in: "a\x00b c", want: []string{"a"}},
		{name: "UTF-8 no-break space does not split", in: "airroot.ssid=caf\u00e9\u00a0bar", want: []string{"airroot.ssid=caf\u00e9\u00a0bar"}},
		{name: "leading equals", in: "=x =a=b", want: []string{"=x", "=a=b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Split(tt.in)); diff != "" {
				t.Errorf("Split(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestTokenize checks where the kernel's next_arg puts the name/value boundary.
func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []param
	}{
		{name: "flag", in: "quiet", want: []param{{name: "quiet"}}},
		{name: "empty value", in: "init=", want: []param{{name: "init", hasValue: true}}},
		{name: "value with equals", in: "nfsroot=/srv,port=2049", want: []param{{name: "nfsroot", value: "/srv,port=2049", hasValue: true}}},
		{name: "equals first does not count", in: "=x", want: []param{{name: "=x"}}},
		{name: "second equals counts when the first is at 0", in: "=a=b", want: []param{{name: "=a", value: "b", hasValue: true}}},
		{name: "quoted name with equals after the quote", in: `"a b"=c`, want: []param{{name: `a b"`, value: "c", hasValue: true}}},
		{name: "quoted whole", in: `"k=v w"`, want: []param{{name: "k", value: "v w", hasValue: true}}},
		{name: "separator", in: "--", want: []param{{name: "--"}}},
		{name: "not a separator", in: "--=1", want: []param{{name: "--", value: "1", hasValue: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenize(tt.in)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(param{})); diff != "" {
				t.Errorf("tokenize(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
