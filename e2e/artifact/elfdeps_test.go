package artifact

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// armhfSysroot is laid out as Debian's packages lay out hostapd's dependencies.
func armhfSysroot() fstest.MapFS {
	const interp = "/lib/ld-linux-armhf.so.3"
	file := func(data []byte) *fstest.MapFile { return &fstest.MapFile{Data: data, Mode: 0o755} }
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777}
	}
	return fstest.MapFS{
		"usr/sbin/hostapd":                                   file(fakeELF(elf.EM_ARM, interp, "libnl-3.so.200", "libssl.so.3", "libc.so.6", "ld-linux-armhf.so.3")),
		"usr/sbin/hostapd_cli":                               file(fakeELF(elf.EM_ARM, interp, "libc.so.6", "ld-linux-armhf.so.3")),
		"lib/ld-linux-armhf.so.3":                            link("arm-linux-gnueabihf/ld-linux-armhf.so.3"),
		"lib/arm-linux-gnueabihf/ld-linux-armhf.so.3":        file(fakeELF(elf.EM_ARM, "")),
		"lib/arm-linux-gnueabihf/libc.so.6":                  file(fakeELF(elf.EM_ARM, "", "ld-linux-armhf.so.3")),
		"lib/arm-linux-gnueabihf/libnl-3.so.200":             link("libnl-3.so.200.26.0"),
		"lib/arm-linux-gnueabihf/libnl-3.so.200.26.0":        file(fakeELF(elf.EM_ARM, "", "libc.so.6")),
		"usr/lib/arm-linux-gnueabihf/libssl.so.3":            file(fakeELF(elf.EM_ARM, "", "libcrypto.so.3", "libc.so.6")),
		"usr/lib/arm-linux-gnueabihf/libcrypto.so.3":         link("/usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3"),
		"usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3":    file(fakeELF(elf.EM_ARM, "", "libc.so.6")),
		"usr/lib/arm-linux-gnueabihf/ossl-modules/legacy.so": file(fakeELF(elf.EM_ARM, "", "libcrypto.so.3", "libc.so.6")),
	}
}

var armhfLibDirs = []string{"lib/arm-linux-gnueabihf", "usr/lib/arm-linux-gnueabihf", "lib", "usr/lib"}

func TestResolveELF(t *testing.T) {
	sys := armhfSysroot()
	size := func(p string) int64 { return int64(len(sys[p].Data)) }
	got, err := ResolveELF(sys, armhfLibDirs, "/usr/sbin/hostapd", "usr/sbin/hostapd_cli")
	if err != nil {
		t.Fatal(err)
	}
	want := []SysrootFile{
		{Path: "usr/sbin/hostapd", Size: size("usr/sbin/hostapd")},
		{Path: "usr/sbin/hostapd_cli", Size: size("usr/sbin/hostapd_cli")},
		{Path: "lib/ld-linux-armhf.so.3", Link: "arm-linux-gnueabihf/ld-linux-armhf.so.3"},
		{Path: "lib/arm-linux-gnueabihf/ld-linux-armhf.so.3", Size: size("lib/arm-linux-gnueabihf/ld-linux-armhf.so.3")},
		{Path: "lib/arm-linux-gnueabihf/libnl-3.so.200", Link: "libnl-3.so.200.26.0"},
		{Path: "lib/arm-linux-gnueabihf/libnl-3.so.200.26.0", Size: size("lib/arm-linux-gnueabihf/libnl-3.so.200.26.0")},
		{Path: "usr/lib/arm-linux-gnueabihf/libssl.so.3", Size: size("usr/lib/arm-linux-gnueabihf/libssl.so.3")},
		{Path: "lib/arm-linux-gnueabihf/libc.so.6", Size: size("lib/arm-linux-gnueabihf/libc.so.6")},
		{Path: "usr/lib/arm-linux-gnueabihf/libcrypto.so.3", Link: "/usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3"},
		{Path: "usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3", Size: size("usr/lib/arm-linux-gnueabihf/real/libcrypto.so.3")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResolveELF() (-want +got):\n%s", diff)
	}
}

func TestResolveELFErrors(t *testing.T) {
	tests := []struct {
		name    string
		change  func(fstest.MapFS)
		wantErr string
		is      error
	}{
		{
			name:    "library missing",
			change:  func(s fstest.MapFS) { delete(s, "usr/lib/arm-linux-gnueabihf/libssl.so.3") },
			wantErr: "resolve libssl.so.3 (needed by /usr/sbin/hostapd): not found in /lib/arm-linux-gnueabihf, /usr/lib/arm-linux-gnueabihf, /lib, /usr/lib",
		},
		{
			name:    "dangling link",
			change:  func(s fstest.MapFS) { delete(s, "lib/arm-linux-gnueabihf/libnl-3.so.200.26.0") },
			wantErr: "resolve /lib/arm-linux-gnueabihf/libnl-3.so.200.26.0 (needed by /usr/sbin/hostapd)",
			is:      fs.ErrNotExist,
		},
		{
			name: "link loop",
			change: func(s fstest.MapFS) {
				s["lib/arm-linux-gnueabihf/libnl-3.so.200.26.0"] = &fstest.MapFile{Data: []byte("libnl-3.so.200"), Mode: fs.ModeSymlink}
			},
			wantErr: "more than 40 symbolic links",
		},
		{
			name: "other machine",
			change: func(s fstest.MapFS) {
				s["lib/arm-linux-gnueabihf/libc.so.6"] = &fstest.MapFile{Data: fakeELF(elf.EM_X86_64, ""), Mode: 0o755}
			},
			wantErr: "resolve /lib/arm-linux-gnueabihf/libc.so.6: ELFCLASS32 EM_X86_64, want ELFCLASS32 EM_ARM like the programs",
		},
		{
			name: "not ELF",
			change: func(s fstest.MapFS) {
				s["lib/arm-linux-gnueabihf/libc.so.6"] = &fstest.MapFile{Data: []byte("#!/bin/sh\n" + strings.Repeat("# a shell script, not a library\n", 4)), Mode: 0o755}
			},
			wantErr: "resolve /lib/arm-linux-gnueabihf/libc.so.6: bad magic number",
		},
		{
			name: "interpreter path too long",
			change: func(s fstest.MapFS) {
				prog := fakeELF(elf.EM_ARM, "/lib/ld-linux-armhf.so.3", "libc.so.6")
				binary.LittleEndian.PutUint32(prog[52+16:], 1<<31-1) // PT_INTERP's p_filesz
				s["usr/sbin/hostapd"] = &fstest.MapFile{Data: prog, Mode: 0o755}
			},
			wantErr: "resolve /usr/sbin/hostapd: PT_INTERP of 2147483647 bytes: want a path of at most 4096",
		},
		{
			name:    "program missing",
			change:  func(s fstest.MapFS) { delete(s, "usr/sbin/hostapd") },
			wantErr: "resolve /usr/sbin/hostapd: ",
			is:      fs.ErrNotExist,
		},
		{
			name: "folder where a library should be",
			change: func(s fstest.MapFS) {
				delete(s, "lib/arm-linux-gnueabihf/libc.so.6")
				s["lib/arm-linux-gnueabihf/libc.so.6/x"] = &fstest.MapFile{}
			},
			wantErr: "is not a regular file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := armhfSysroot()
			tt.change(sys)
			_, err := ResolveELF(sys, armhfLibDirs, "usr/sbin/hostapd")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ResolveELF() error = %v, want one containing %q", err, tt.wantErr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("ResolveELF() error = %v, want errors.Is %v", err, tt.is)
			}
		})
	}
}

func TestFollowLink(t *testing.T) {
	tests := []struct {
		p, target, want string
		wantErr         bool
	}{
		{p: "lib/ld.so", target: "arm/ld.so", want: "lib/arm/ld.so"},
		{p: "lib/arm/libc.so", target: "/usr/lib/libc.so", want: "usr/lib/libc.so"},
		{p: "lib/a", target: "../../../../etc/x", want: "etc/x"}, // .. stops at the sysroot's root
		{p: "lib/a", target: "/", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.p+"->"+tt.target, func(t *testing.T) {
			got, err := followLink(tt.p, tt.target)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("followLink(%q, %q) = %q, %v; want %q, error %v", tt.p, tt.target, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func FuzzResolveELF(f *testing.F) {
	f.Add(fakeELF(elf.EM_ARM, "/lib/ld-linux-armhf.so.3", "libc.so.6"), "libnl-3.so.200.26.0")
	f.Add(fakeELF(elf.EM_ARM, "/lib/../lib/ld-linux-armhf.so.3", "libssl.so.3"), "/")
	f.Add([]byte("\x7fELF"), "")
	f.Fuzz(func(t *testing.T, program []byte, linkTarget string) {
		sys := armhfSysroot()
		sys["usr/sbin/hostapd"] = &fstest.MapFile{Data: program, Mode: 0o755}
		sys["lib/arm-linux-gnueabihf/libnl-3.so.200"] = &fstest.MapFile{Data: []byte(linkTarget), Mode: fs.ModeSymlink}
		files, err := ResolveELF(sys, armhfLibDirs, "usr/sbin/hostapd")
		if err != nil {
			return
		}
		if len(files) == 0 || files[0].Path != "usr/sbin/hostapd" {
			t.Fatalf("ResolveELF() = %+v, want the program first", files)
		}
		seen := map[string]bool{}
		for _, f := range files {
			if seen[f.Path] {
				t.Errorf("%s listed twice", f.Path)
			}
			seen[f.Path] = true
			info, err := fs.Lstat(sys, f.Path)
			if err != nil {
				t.Fatalf("listed %s, which the sysroot lacks: %v", f.Path, err)
			}
			if isLink := info.Mode()&fs.ModeSymlink != 0; isLink != (f.Link != "") {
				t.Errorf("%s: link %q, but the sysroot's mode is %v", f.Path, f.Link, info.Mode())
			}
		}
	})
}
