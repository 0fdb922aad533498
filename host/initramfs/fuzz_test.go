package initramfs

import (
	"strings"
	"testing"
)

// FuzzParseExtra: --add's value either parses into a host path and an
// absolute path in the archive that make it up again, or is refused.
func FuzzParseExtra(f *testing.F) {
	for _, s := range []string{"out/busybox:/bin/sh", "a:b", ":/x", "C:\\x:/y", "a:/b:/c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExtra(s)
		if err != nil {
			return
		}
		if e.From == "" || !strings.HasPrefix(e.To, "/") || e.From+":"+e.To != s {
			t.Errorf("ParseExtra(%q) = %+v", s, e)
		}
	})
}

// FuzzParseCompression: a name is known and names itself back, or refused.
func FuzzParseCompression(f *testing.F) {
	for _, s := range []string{"gzip", "zstd", "xz", "none", "lz4", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCompression(s)
		if err != nil {
			return
		}
		if again, err := ParseCompression(string(c)); err != nil || again != c {
			t.Errorf("ParseCompression(%q) = %v; its name parses to %v, %v", s, c, again, err)
		}
	})
}
