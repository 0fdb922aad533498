package boot

import "strings"

// initEnvDefaults are set for the new init unless the kernel gave them.
var initEnvDefaults = []string{
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/",
	"TERM=linux",
}

// initEnv is the new init's environment: what the kernel gave us, with the
// usual defaults for what it did not.
func initEnv(env []string) []string {
	out := append([]string(nil), env...)
	for _, d := range initEnvDefaults {
		key := d[:strings.IndexByte(d, '=')+1]
		found := false
		for _, e := range env {
			if strings.HasPrefix(e, key) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, d)
		}
	}
	return out
}
