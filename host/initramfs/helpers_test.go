package initramfs

import (
	"sort"

	"github.com/google/go-cmp/cmp"
)

// sortStrings makes cmp.Diff ignore the order of string slices.
var sortStrings = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
})
