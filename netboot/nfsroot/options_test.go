package nfsroot

import "testing"

func TestReadsAsOptions(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"tcp", true},
		{"nolock", true},
		{"noac", true},
		{"v4.1", true},
		{"vers=4", true},
		{"nfsvers=3", true},
		{"fsc", true},
		{"fsc=cache1", true},
		{"sec=krb5p", true},
		{"port=2049,tcp,nosharecache", true},
		{"ro", true},
		{"bg", true},
		{"", false},
		{",", false},
		{"2024", false},         // a directory named so
		{"nfsver=3", false},     // misspelt
		{"tcp=1", false},        // a flag with a value
		{"port", false},         // a value missing
		{"nothing", false},      // "no" + a word that is no flag
		{"backup-old", false},   // no option
		{"tcp,backup", false},   // one item that is no option
		{"noatime", false},      // a VFS flag the NFS client refuses in its data
		{"10.0.0.1", false},     // a server
		{"[2001", false},        // the start of a bracketed server
		{"port=1/pi", false},    // a path goes on after it
		{"/srv/pi", false},      // a path
		{"nolock,", true},       // empty items are skipped, as by splitOptions
		{"rdirplus=none", true}, // newer kernels give it a value
	}
	for _, tt := range tests {
		if got := readsAsOptions(tt.in); got != tt.want {
			t.Errorf("readsAsOptions(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestOptionsInPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/srv/pi:vers=3", "vers=3"},
		{"/srv/pi:vers=3,proto=tcp", "vers=3,proto=tcp"},
		{"/srv/pi:tcp", "tcp"},
		{"/srv/pi:nolock,v3", "nolock,v3"},
		{"/srv/pi:noac", "noac"},
		{"/srv/pi", ""},
		{"/srv/pi:2024", ""},       // a directory named so
		{"/srv/a:b/c", ""},         // a colon inside the path
		{"/srv/pi:", ""},           // nothing after it
		{"/srv/pi:backup-old", ""}, // no option
		{"/srv/pi:nothing", ""},    // "no" + a word that is no flag
		{"/srv/x:y/pi:rw", "rw"},   // the last colon
	}
	for _, tt := range tests {
		if got := OptionsInPath(tt.path); got != tt.want {
			t.Errorf("OptionsInPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func FuzzOptionsInPath(f *testing.F) {
	for _, s := range []string{"/srv/pi:vers=3", "/srv/pi", ":", "/a:no", "/a:=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got := OptionsInPath(path)
		if got != "" && (len(got) >= len(path) || path[len(path)-len(got)-1] != ':') {
			t.Errorf("OptionsInPath(%q) = %q: not the tail after a colon", path, got)
		}
	})
}
