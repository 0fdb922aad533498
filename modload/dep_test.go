package modload

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDep(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  Deps
	}{
		{
			name: "depmod output",
			input: "kernel/lib/crypto/libarc4.ko:\n" +
				"kernel/net/mac80211/mac80211.ko: kernel/lib/crypto/libarc4.ko kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko\n",
			want: Deps{
				{Path: "kernel/lib/crypto/libarc4.ko"},
				{Path: "kernel/net/mac80211/mac80211.ko", Depends: []string{
					"kernel/lib/crypto/libarc4.ko", "kernel/net/wireless/cfg80211.ko", "kernel/net/rfkill/rfkill.ko"}},
			},
		},
		{
			name:  "blank lines, comments, tabs, CRLF, no final newline",
			input: "# made by hand\n\n  a.ko:\tb.ko.xz  c.ko\r\n\nb.ko.xz:",
			want:  Deps{{Path: "a.ko", Depends: []string{"b.ko.xz", "c.ko"}}, {Path: "b.ko.xz"}},
		},
		{name: "empty", input: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDep(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDep (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseDepErrors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{
			name:    "no colon",
			input:   "a.ko: b.ko\nkernel/x.ko kernel/y.ko\n",
			wantErr: `parse modules.dep line 2: no colon in "kernel/x.ko kernel/y.ko"`,
		},
		{
			name:    "empty path",
			input:   "\n\n: b.ko\n",
			wantErr: `parse modules.dep line 3: bad module path in ": b.ko"`,
		},
		{
			name:    "space in path",
			input:   "a b.ko: c.ko\n",
			wantErr: `parse modules.dep line 1: bad module path in "a b.ko: c.ko"`,
		},
		{
			name:    "listed twice",
			input:   "a.ko:\nb.ko: a.ko\na.ko: b.ko\n",
			wantErr: "parse modules.dep line 3: a.ko already listed on line 1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDep(strings.NewReader(tt.input))
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseDep error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestDepsWriteTo(t *testing.T) {
	deps := Deps{
		{Path: "kernel/net/mac80211/mac80211.ko", Depends: []string{"kernel/net/wireless/cfg80211.ko", "kernel/net/rfkill/rfkill.ko"}},
		{Path: "kernel/net/rfkill/rfkill.ko"},
	}
	want := "kernel/net/mac80211/mac80211.ko: kernel/net/wireless/cfg80211.ko kernel/net/rfkill/rfkill.ko\n" +
		"kernel/net/rfkill/rfkill.ko:\n"
	var buf bytes.Buffer
	n, err := deps.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("WriteTo (-want +got):\n%s", diff)
	}
	if n != int64(len(want)) {
		t.Errorf("WriteTo returned %d, wrote %d bytes", n, len(want))
	}
}

// FuzzParseDep checks that ParseDep never panics and that what it accepts
// survives a WriteTo and ParseDep round trip unchanged.
func FuzzParseDep(f *testing.F) {
	f.Add("kernel/a.ko: kernel/b.ko kernel/c.ko\nkernel/b.ko:\n")
	f.Add("# comment\n\na.ko:\tb.ko\r\n")
	f.Add("a.ko b.ko\n")
	f.Add(":\n::\na.ko::b.ko\n")
	f.Fuzz(func(t *testing.T, input string) {
		deps, err := ParseDep(strings.NewReader(input))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parse modules.dep line ") {
				t.Errorf("error %q does not name the line", err)
			}
			return
		}
		var buf bytes.Buffer
		if _, err := deps.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := ParseDep(&buf)
		if err != nil {
			t.Fatalf("ParseDep of WriteTo output %q: %v", buf.String(), err)
		}
		if diff := cmp.Diff(deps, again); diff != "" {
			t.Errorf("round trip (-first +second):\n%s", diff)
		}
	})
}
