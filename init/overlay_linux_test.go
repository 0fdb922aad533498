package boot

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

// TestIntegrationMountOverlay has PID 1's mountOverlay put an overlay on a
// new root over a lower folder (the NFS root's stand-in) on this machine's
// kernel, with overlayOptions, and checks that a write lands in the upper
// layer only and that the lower's files show through.
func TestIntegrationMountOverlay(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount")
	}
	dir := t.TempDir()
	saved := []string{newRootDir, overlayLowerDir, overlayRWDir}
	defer func() { newRootDir, overlayLowerDir, overlayRWDir = saved[0], saved[1], saved[2] }()
	newRootDir, overlayLowerDir, overlayRWDir = filepath.Join(dir, "newroot"), filepath.Join(dir, "lower"), filepath.Join(dir, "rw")
	for _, d := range []string{newRootDir, overlayLowerDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(overlayLowerDir, "shared"), []byte("root"), 0o644); err != nil {
		t.Fatal(err)
	}
	var console bytes.Buffer
	b := &Boot{Log: &bootlog.Logger{Console: &console}, Config: cmdline.Config{Overlay: &cmdline.Overlay{Size: "1m"}}}
	if err := b.mountOverlay(); err != nil {
		t.Fatalf("mountOverlay: %v", err)
	}
	defer unix.Unmount(overlayRWDir, unix.MNT_DETACH)
	defer unix.Unmount(newRootDir, unix.MNT_DETACH)
	if err := os.WriteFile(filepath.Join(newRootDir, "mine"), []byte("board"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want bool
	}{
		{filepath.Join(overlayRWDir, "upper", "mine"), true},
		{filepath.Join(overlayLowerDir, "mine"), false},
		{filepath.Join(newRootDir, "shared"), true},
	} {
		if _, err := os.Stat(tt.path); (err == nil) != tt.want {
			t.Errorf("%s exists = %v, want %v", tt.path, err == nil, tt.want)
		}
	}
	if !strings.Contains(console.String(), "this board's changes go to RAM") {
		t.Errorf("console does not say where the changes go:\n%s", console.String())
	}
}

func TestOverlayFix(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{unix.ENODEV, "airroot build --overlay"},
		{unix.EINVAL, "'overlayfs:' lines"},
		{unix.EACCES, "without airroot.overlay="},
	}
	for _, tt := range tests {
		err := overlayFix(errors.Join(errors.New("overlay: mount overlay on /newroot"), tt.err))
		if !errors.Is(err, tt.err) || !strings.Contains(hintOf(err), tt.want) {
			t.Errorf("overlayFix(%v) = %v, hint %q; want the errno kept and a hint with %q", tt.err, err, hintOf(err), tt.want)
		}
	}
}

// A persistent directory that needs what the board lacks stops before any
// mount, naming the sequence and what the board has.
func TestMountPersistMissingIdentity(t *testing.T) {
	tests := []struct {
		path    string
		wantErr error
		want    string
	}{
		{"/srv/boards/%n", nfsroot.ErrNoIdentity, "serial number"},
		{"/srv/boards/%h", nfsroot.ErrNoIdentity, "host name"},
		{"/srv/boards/%q", nfsroot.ErrUnknownIdentity, "%q"},
	}
	mac, _ := net.ParseMAC("52:54:00:f1:ee:01")
	id := nfsroot.Identity{Addr: netip.MustParseAddr("10.0.2.15"), MAC: mac}
	root := nfsroot.Spec{Server: "10.0.2.2", Path: "/", Version: 3}
	for _, tt := range tests {
		b := &Boot{Config: cmdline.Config{Persist: &nfsroot.Spec{Path: tt.path, Version: 3}}}
		err := b.mountPersist(context.Background(), root, id)
		if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(hintOf(err), "52:54:00:f1:ee:01") {
			t.Errorf("mountPersist(%q) = %v (hint %q); want %v naming %q, the hint naming the board", tt.path, err, hintOf(err), tt.wantErr, tt.want)
		}
	}
}

// A board's missing directory is named with what to create, whichever way the
// server refuses it; other errors pass unchanged.
func TestPersistMountError(t *testing.T) {
	mac, _ := net.ParseMAC("52:54:00:f1:ee:01")
	id := nfsroot.Identity{Addr: netip.MustParseAddr("10.0.2.15"), MAC: mac}
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"kernel nfsd or NFSv4: no such file", unix.ENOENT, []string{"create /srv/boards/52-54-00-f1-ee-01 on the server", "52:54:00:f1:ee:01"}},
		{"nfs-ganesha over NFSv3: access denied", unix.EACCES, []string{"create /srv/boards/52-54-00-f1-ee-01 on the server", "exported read-write"}},
		{"server down", unix.ETIMEDOUT, nil},
		{"mounted", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := persistMountError(tt.err, "/srv/boards/52-54-00-f1-ee-01", id)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("persistMountError(%v) = %v; want it wrapped", tt.err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("persistMountError(%v) = %v; want %q in it", tt.err, err, w)
				}
			}
			if tt.want == nil && err != tt.err {
				t.Errorf("persistMountError(%v) = %v; want it unchanged", tt.err, err)
			}
		})
	}
}
