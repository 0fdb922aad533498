package modload

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseBuiltin(t *testing.T) {
	input := "kernel/mm/zswap.ko\n# comment\n\nkernel/crypto/lzo-rle.ko\r\nkernel/fs/ext4/ext4.ko"
	want := Builtin{
		"zswap":   "kernel/mm/zswap.ko",
		"lzo_rle": "kernel/crypto/lzo-rle.ko",
		"ext4":    "kernel/fs/ext4/ext4.ko",
	}
	got, err := ParseBuiltin(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseBuiltin (-want +got):\n%s", diff)
	}
	for _, name := range []string{"lzo-rle", "lzo_rle", "zswap"} {
		if !got.Has(name) {
			t.Errorf("Has(%q) = false, want true", name)
		}
	}
	if got.Has("nfs") {
		t.Error("Has(nfs) = true, want false")
	}
}

func TestParseBuiltinErrors(t *testing.T) {
	tests := []struct{ name, input, wantErr string }{
		{name: "not a module", input: "kernel/mm/zswap.ko\nkernel/mm/README\n", wantErr: `parse modules.builtin line 2: "kernel/mm/README" is not a module path (*.ko)`},
		{name: "suffix only", input: "kernel/.ko\n", wantErr: `parse modules.builtin line 1: "kernel/.ko" is not a module path (*.ko)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBuiltin(strings.NewReader(tt.input))
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseBuiltin error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// FuzzParseBuiltin checks that ParseBuiltin never panics and that every
// entry is keyed by its path's normalised module name.
func FuzzParseBuiltin(f *testing.F) {
	f.Add("kernel/mm/zswap.ko\nkernel/crypto/lzo-rle.ko\n")
	f.Add("# c\n\n.ko\na/.ko.xz\nb.ko.gz\n")
	f.Fuzz(func(t *testing.T, input string) {
		b, err := ParseBuiltin(strings.NewReader(input))
		if err != nil {
			return
		}
		for name, p := range b {
			if name == "" || name != Name(p) || !b.Has(name) {
				t.Errorf("entry %q -> %q: want a non-empty key equal to Name(path)", name, p)
			}
		}
	})
}
