package modload

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzParseModulesSoftdep checks that depmod's modules.softdep parser never
// panics and that what it reads, written back as softdep lines, reads the
// same.
func FuzzParseModulesSoftdep(f *testing.F) {
	f.Add("# Soft dependencies extracted from modules themselves.\nsoftdep nfs pre: crypto-md5 post: nfsv3\nsoftdep ccm pre: ctr\n")
	f.Add("softdep a pre: b\nsoftdep a post: c\nsoftdep a pre:\n")
	f.Add("softdep crc32c pre: crc32c-generic crc32c-intel\n")
	f.Add("softdep x post: y pre: z\n\\\n")
	f.Add("options nfs timeo=30\nsoftdep\nsoftdep q\n")
	f.Fuzz(func(t *testing.T, text string) {
		got, err := parseModulesSoftdep(strings.NewReader(text))
		if err != nil {
			return
		}
		names := make([]string, 0, len(got))
		for name := range got {
			names = append(names, name)
		}
		sort.Strings(names)
		var rules Softdeps
		for _, name := range names {
			rules = append(rules, SoftdepRule{Pattern: name, Softdep: got[name]})
		}
		var buf bytes.Buffer
		if _, err := rules.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := parseModulesSoftdep(&buf)
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if diff := cmp.Diff(got, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %q (-first +again):\n%s", buf.String(), diff)
		}
	})
}
