package bootpart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"", "auto", "LABEL=boot", "PARTUUID=6c586e13-01", "/dev/sda1", "UUID=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseSpec(s)
		if err != nil {
			return
		}
		// What parses names itself again the same way.
		again, err := ParseSpec(specText(spec))
		if err != nil || again != spec {
			t.Errorf("ParseSpec(%q) = %+v; its text parses to %+v, %v", s, spec, again, err)
		}
	})
}

// specText is a Spec as airroot.bootpart= would give it.
func specText(s Spec) string {
	if s.Kind == Auto {
		return "auto"
	}
	return s.String()
}

func FuzzSectors(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.sector")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(mbr(0x6c586e13, 0x0c, 0x83))
	f.Add(gptDisk())
	f.Fuzz(func(t *testing.T, b []byte) {
		label, fat := FATLabel(b)
		if !fat && label != "" || len(label) > 11 || strings.HasSuffix(label, " ") {
			t.Errorf("FATLabel = %q, %v", label, fat)
		}
		for n, id := range MBRPartUUIDs(b) {
			if n < 1 || n > 4 || len(id) != 11 {
				t.Errorf("MBRPartUUIDs: %d: %q", n, id)
			}
		}
		for n, id := range GPTPartUUIDs(readerAt(b)) {
			if n < 1 || len(id) != 36 {
				t.Errorf("GPTPartUUIDs: %d: %q", n, id)
			}
		}
	})
}
