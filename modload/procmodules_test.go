package modload

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseProcModules(t *testing.T) {
	input := "mac80211_hwsim 61440 0 - Live 0x0000000000000000\n" +
		"mac80211 843776 1 mac80211_hwsim, Live 0x0000000000000000\n" +
		"cfg80211 1015808 2 mac80211_hwsim,mac80211, Loading 0x0000000000000000 (OE)\n"
	want := []string{"mac80211_hwsim", "mac80211", "cfg80211"}
	got, err := ParseProcModules(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseProcModules (-want +got):\n%s", diff)
	}
}

func TestParseProcModulesErrors(t *testing.T) {
	_, err := ParseProcModules(strings.NewReader("ok 1 0 - Live 0x0\nbad/name 1 0 - Live 0x0\n"))
	want := `parse /proc/modules line 2: bad module name in "bad/name 1 0 - Live 0x0"`
	if err == nil || err.Error() != want {
		t.Errorf("ParseProcModules error = %v, want %q", err, want)
	}
}

// FuzzParseProcModules checks that ParseProcModules never panics and returns
// normalised names only.
func FuzzParseProcModules(f *testing.F) {
	f.Add("mac80211 843776 1 mac80211_hwsim, Live 0x0\n")
	f.Add("a-b\n\n\tc 1\n")
	f.Fuzz(func(t *testing.T, input string) {
		names, err := ParseProcModules(strings.NewReader(input))
		if err != nil {
			return
		}
		for _, name := range names {
			if name == "" || name != Normalize(name) || strings.ContainsAny(name, " /") {
				t.Errorf("name %q: want a normalised module name", name)
			}
		}
	})
}
