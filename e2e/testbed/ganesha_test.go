package testbed

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	nfsc "github.com/willscott/go-nfs-client/nfs"
	"github.com/willscott/go-nfs-client/nfs/rpc"
	"github.com/willscott/go-nfs-client/nfs/xdr"
)

func TestGaneshaConfigRender(t *testing.T) {
	base := GaneshaConfig{Root: "/w/root", Export: "/srv/pi", NFSPort: 20490, MountPort: 20048, StateDir: "/w/state"}
	tests := []struct {
		name       string
		versions   []int
		minors     []int
		want, none []string
	}{
		{"v3 and v4", []int{3, 4}, nil,
			[]string{"NFS_Port = 20490;", "MNT_Port = 20048;", "Mount_Path_Pseudo = true;", "NFS_Protocols = 3, 4;", "Protocols = 3, 4;",
				`Path = "/w/root";`, `Pseudo = "/srv/pi";`, `RecoveryRoot = "/w/state/recovery";`, "Graceless = true;", "Bind_addr = 127.0.0.1;"},
			[]string{"Minor_Versions"}},
		{"v4 only", []int{4}, nil,
			[]string{"NFS_Protocols = 4;", "Protocols = 4;"},
			[]string{"MNT_Port", "Mount_Path_Pseudo"}},
		{"v4.1 only", []int{4}, []int{1},
			[]string{"Minor_Versions = 1;"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.Versions, c.MinorVersions = tt.versions, tt.minors
			if err := c.validate(); err != nil {
				t.Fatalf("validate: %v", err)
			}
			got := c.Render()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("config lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.none {
				if strings.Contains(got, n) {
					t.Errorf("config has %q:\n%s", n, got)
				}
			}
			if strings.Count(got, "{") != strings.Count(got, "}") {
				t.Errorf("unbalanced braces:\n%s", got)
			}
		})
	}
}

func TestGaneshaConfigValidate(t *testing.T) {
	good := GaneshaConfig{Root: "/r", Export: "/e", Versions: []int{3, 4}, NFSPort: 1, MountPort: 2, StateDir: "/s"}
	tests := []struct {
		name   string
		change func(*GaneshaConfig)
		want   string
	}{
		{"relative root", func(c *GaneshaConfig) { c.Root = "r" }, "root"},
		{"relative export", func(c *GaneshaConfig) { c.Export = "e" }, "export"},
		{"quote in export", func(c *GaneshaConfig) { c.Export = `/e"x` }, "export"},
		{"no versions", func(c *GaneshaConfig) { c.Versions = nil }, "no NFS version"},
		{"version 2", func(c *GaneshaConfig) { c.Versions = []int{2} }, "version 2"},
		{"minor 3", func(c *GaneshaConfig) { c.MinorVersions = []int{3} }, "minor version 3"},
		{"v3 without mount port", func(c *GaneshaConfig) { c.MountPort = 0 }, "no port"},
		{"no state dir", func(c *GaneshaConfig) { c.StateDir = "" }, "state"},
	}
	if err := good.validate(); err != nil {
		t.Fatalf("validate(good) = %v", err)
	}
	v4 := good
	v4.Versions, v4.MountPort = []int{4}, 0
	if err := v4.validate(); err != nil {
		t.Errorf("validate(v4 without a mount port) = %v", err)
	}
	for _, tt := range tests {
		c := good
		tt.change(&c)
		if err := c.validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: validate = %v, want an error naming %q", tt.name, err, tt.want)
		}
	}
}

// TestGaneshaServesOverNFSv3 starts Debian's ganesha with its rpcbind, reads a file
// over NFSv3 at the export path, stops it and starts it again on the same ports.
func TestGaneshaServesOverNFSv3(t *testing.T) {
	if _, err := os.Stat(GaneshaBinary); err != nil || os.Geteuid() != 0 {
		t.Skipf("needs root and %s (Debian's nfs-ganesha): %v", GaneshaBinary, err)
	}
	root := t.TempDir()
	want := []byte("probe over ganesha")
	if err := os.WriteFile(filepath.Join(root, "probe"), want, 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := StartGanesha(root, "/srv/pi", t.TempDir(), []int{3, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	readProbe(t, g, want)
	if err := g.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if c, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(g.Port()), false); err == nil {
		c.Close()
		t.Error("the server still accepts connections after Stop")
	}
	if err := g.Start(); err != nil {
		t.Fatalf("Start again: %v", err)
	}
	readProbe(t, g, want)
}

func readProbe(t *testing.T, g *Ganesha, want []byte) {
	t.Helper()
	mc, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(g.MountPort()), false)
	if err != nil {
		t.Fatal(err)
	}
	defer mc.Close()
	auth := rpc.NewAuthUnix("e2e", 0, 0)
	mount := nfsc.Mount{Client: mc}
	if _, err := mount.Mount("/srv/other", auth.Auth()); err == nil {
		t.Error("MOUNT of a path not exported succeeded")
	}
	fh, err := mountHandle(mount, "/srv/pi", auth.Auth())
	if err != nil {
		t.Fatalf("MOUNT /srv/pi: %v", err)
	}
	// ganesha serves NFS on its NFS port only: go-nfs-client's Mount would use the
	// MOUNT port's connection.
	nc, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(g.Port()), false)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	target, err := nfsc.NewTargetWithClient(nc, auth.Auth(), fh, "/srv/pi", 0)
	if err != nil {
		t.Fatalf("FSINFO over NFSv3: %v", err)
	}
	f, err := target.Open("/probe")
	if err != nil {
		t.Fatalf("open /probe over NFSv3: %v", err)
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil || string(got) != string(want) {
		t.Errorf("read /probe = %q, %v; want %q", got, err, want)
	}
}

// mountHandle asks MOUNT (RFC 1813 section 5.2.1, MOUNTPROC3_MNT) for path's file handle.
func mountHandle(m nfsc.Mount, path string, auth rpc.Auth) ([]byte, error) {
	res, err := m.Call(&struct {
		rpc.Header
		Dirpath string
	}{rpc.Header{Rpcvers: 2, Prog: nfsc.MountProg, Vers: nfsc.MountVers, Proc: nfsc.MountProc3MNT, Cred: auth, Verf: rpc.AuthNull}, path})
	if err != nil {
		return nil, err
	}
	if stat, err := xdr.ReadUint32(res); err != nil || stat != nfsc.MNT3Ok {
		return nil, fmt.Errorf("mount status %d, %v", stat, err)
	}
	return xdr.ReadOpaque(res)
}
