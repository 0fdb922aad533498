package nfsroot

import "testing"

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
