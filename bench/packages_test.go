package bench

import (
	"slices"
	"strings"
	"testing"
)

func TestSeedPackages(t *testing.T) {
	tests := []struct {
		name, arch    string
		wantLibatomic bool
		wantErr       bool
	}{
		{name: "armhf", arch: "armhf"},
		{name: "armel needs libatomic", arch: "armel", wantLibatomic: true},
		{name: "unknown", arch: "mips", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkgs, err := SeedPackages(tt.arch)
			if (err != nil) != tt.wantErr {
				t.Fatalf("SeedPackages(%q) error = %v, want error %v", tt.arch, err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.arch) {
					t.Errorf("error %q does not name the architecture", err)
				}
				return
			}
			var names []string
			for _, p := range pkgs {
				if p.Arch != tt.arch || p.Version == "" {
					t.Errorf("package %+v: want arch %s and a pinned version", p, tt.arch)
				}
				names = append(names, p.Package)
			}
			for _, want := range []string{"busybox-static", "wpasupplicant", "iw", "dhcpcd-base", "libc6"} {
				if !slices.Contains(names, want) {
					t.Errorf("packages %v lack %s", names, want)
				}
			}
			if got := slices.Contains(names, "libatomic1"); got != tt.wantLibatomic {
				t.Errorf("libatomic1 among the packages: %v, want %v", got, tt.wantLibatomic)
			}
		})
	}
	armel, _ := SeedPackages("armel")
	armhf, _ := SeedPackages("armhf")
	if len(armhf) != len(armel)-1 {
		t.Errorf("armhf has %d packages after asking for armel (%d): the pins were changed in place", len(armhf), len(armel))
	}
}

func TestLibDirs(t *testing.T) {
	if got := LibDirs("armel"); got[0] != "lib/arm-linux-gnueabi" {
		t.Errorf("LibDirs(armel) = %v, want lib/arm-linux-gnueabi first", got)
	}
	if got := LibDirs("armhf"); got[1] != "usr/lib/arm-linux-gnueabihf" {
		t.Errorf("LibDirs(armhf) = %v, want usr/lib/arm-linux-gnueabihf second", got)
	}
}
