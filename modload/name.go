package modload

import (
	"path"
	"strings"
)

// moduleSuffixes are the file name endings of kernel modules, compressed or not.
var moduleSuffixes = []string{".ko", ".ko.xz", ".ko.zst", ".ko.gz"}

// Name returns the module name of a module file path: the base name without
// its .ko, .ko.xz, .ko.zst or .ko.gz suffix, normalised with [Normalize].
// For example "kernel/drivers/net/wireless/mac80211_hwsim.ko.xz" gives "mac80211_hwsim".
func Name(p string) string {
	base := path.Base(p)
	if suffix := moduleSuffix(base); suffix != "" {
		base = strings.TrimSuffix(base, suffix)
	}
	return Normalize(base)
}

// Normalize returns a module name in the kernel's spelling: the kernel and
// modprobe treat '-' and '_' in module names as the same character, and the
// kernel reports names with '_'.
func Normalize(name string) string {
	return strings.ReplaceAll(name, "-", "_")
}

// moduleSuffix returns the module suffix name ends with, or "" when name is
// not a module file.
func moduleSuffix(name string) string {
	for _, suffix := range moduleSuffixes {
		if strings.HasSuffix(name, suffix) && len(name) > len(suffix) {
			return suffix
		}
	}
	return ""
}

// IsModuleName reports whether s can name a module: letters, digits, '-'
// and '_'.
func IsModuleName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
