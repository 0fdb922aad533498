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
	base := GaneshaConfig{Exports: []GaneshaExport{{Dir: "/w/root", Path: "/srv/pi"}}, NFSPort: 20490, MountPort: 20048, StateDir: "/w/state"}
	fleet := []GaneshaExport{{Dir: "/w/root", Path: "/srv/pi", ReadOnly: true}, {Dir: "/w/boards", Path: "/srv/boards"}}
	tests := []struct {
		name       string
		versions   []int
		minors     []int
		exports    []GaneshaExport
		want, none []string
	}{
		{"v3 and v4", []int{3, 4}, nil, nil,
			[]string{"NFS_Port = 20490;", "MNT_Port = 20048;", "Mount_Path_Pseudo = true;", "NFS_Protocols = 3, 4;", "Protocols = 3, 4;",
				`Path = "/w/root";`, `Pseudo = "/srv/pi";`, `RecoveryRoot = "/w/state/recovery";`, "Graceless = true;", "Bind_addr = 127.0.0.1;",
				"Export_Id = 1;", "Access_Type = RW;"},
			[]string{"Minor_Versions", "Export_Id = 2;", "Access_Type = RO;"}},
		{"v4 only", []int{4}, nil, nil,
			[]string{"NFS_Protocols = 4;", "Protocols = 4;", "Only_Numeric_Owners = true;"},
			[]string{"MNT_Port", "Mount_Path_Pseudo"}},
		{"v4.1 only", []int{4}, []int{1}, nil,
			[]string{"Minor_Versions = 1;"}, nil},
		{"a fleet's root and boards", []int{3, 4}, nil, fleet,
			[]string{"Export_Id = 1;\n\tPath = \"/w/root\";\n\tPseudo = \"/srv/pi\";\n\tAccess_Type = RO;",
				"Export_Id = 2;\n\tPath = \"/w/boards\";\n\tPseudo = \"/srv/boards\";\n\tAccess_Type = RW;"},
			[]string{"Export_Id = 3;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.Versions, c.MinorVersions = tt.versions, tt.minors
			if tt.exports != nil {
				c.Exports = tt.exports
			}
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
	good := GaneshaConfig{Exports: []GaneshaExport{{Dir: "/r", Path: "/e"}, {Dir: "/b", Path: "/e/b"}}, Versions: []int{3, 4}, NFSPort: 1, MountPort: 2, StateDir: "/s"}
	tests := []struct {
		name   string
		change func(*GaneshaConfig)
		want   string
	}{
		{"no exports", func(c *GaneshaConfig) { c.Exports = nil }, "no folder"},
		{"relative folder", func(c *GaneshaConfig) { c.Exports = []GaneshaExport{{Dir: "r", Path: "/e"}} }, "folder"},
		{"quote in folder", func(c *GaneshaConfig) { c.Exports = []GaneshaExport{{Dir: `/r"x`, Path: "/e"}} }, "folder"},
		{"relative export", func(c *GaneshaConfig) { c.Exports = []GaneshaExport{{Dir: "/r", Path: "e"}} }, "export"},
		{"quote in export", func(c *GaneshaConfig) { c.Exports = []GaneshaExport{{Dir: "/r", Path: `/e"x`}} }, "export"},
		{"second export bad", func(c *GaneshaConfig) { c.Exports = append(c.Exports[:1:1], GaneshaExport{Dir: "/b", Path: "b"}) }, "export \"b\""},
		{"one path twice", func(c *GaneshaConfig) { c.Exports = append(c.Exports[:1:1], GaneshaExport{Dir: "/b", Path: "/e"}) }, "twice"},
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
	g, err := StartGanesha([]GaneshaExport{{Dir: root, Path: "/srv/pi"}}, t.TempDir(), []int{3, 4}, nil)
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
	if _, err := mountV3(t, g, "/srv/other"); err == nil {
		t.Error("MOUNT of a path not exported succeeded")
	}
	target, err := mountV3(t, g, "/srv/pi")
	if err != nil {
		t.Fatalf("mount /srv/pi: %v", err)
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

// mountV3 mounts path from g over NFSv3 as root, as a board does: MOUNT on the
// MOUNT port, then NFS on the NFS port (ganesha serves NFS there only, so
// go-nfs-client's Mount, which would reuse the MOUNT port's connection, cannot).
// The connections close with the test.
func mountV3(t *testing.T, g *Ganesha, path string) (*nfsc.Target, error) {
	t.Helper()
	mc, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(g.MountPort()), false)
	if err != nil {
		t.Fatal(err)
	}
	defer mc.Close()
	auth := rpc.NewAuthUnix("e2e", 0, 0)
	fh, err := mountHandle(nfsc.Mount{Client: mc}, path, auth.Auth())
	if err != nil {
		return nil, fmt.Errorf("MOUNT %s: %w", path, err)
	}
	nc, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(g.Port()), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	target, err := nfsc.NewTargetWithClient(nc, auth.Auth(), fh, path, 0)
	if err != nil {
		return nil, fmt.Errorf("FSINFO of %s over NFSv3: %w", path, err)
	}
	return target, nil
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

// TestGaneshaServesAFleet serves a fleet's two exports from one ganesha, as the
// README's classroom set-up does: the shared root read-only, and /srv/boards
// read-write, whose per-board folders each board mounts by its own path.
func TestGaneshaServesAFleet(t *testing.T) {
	if _, err := os.Stat(GaneshaBinary); err != nil || os.Geteuid() != 0 {
		t.Skipf("needs root and %s (Debian's nfs-ganesha): %v", GaneshaBinary, err)
	}
	root, boards := t.TempDir(), t.TempDir()
	const board = "52-54-00-f1-ee-01"
	if err := os.Mkdir(filepath.Join(boards, board), 0o755); err != nil {
		t.Fatal(err)
	}
	g, err := StartGanesha([]GaneshaExport{{Dir: root, Path: "/srv/pi", ReadOnly: true}, {Dir: boards, Path: "/srv/boards"}},
		t.TempDir(), []int{3, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	tests := []struct {
		name, path string
		mounts     bool
		writable   bool
		lands      string // where a file written lands on the server
		refusal    string // what MOUNT answers when it refuses
	}{
		{name: "shared root, read-only", path: "/srv/pi", mounts: true},
		{name: "a board's folder, by path", path: "/srv/boards/" + board, mounts: true, writable: true, lands: filepath.Join(boards, board)},
		// MNT3ERR_ACCES (13), not MNT3ERR_NOENT (RFC 1813 section 5.1.5): ganesha answers
		// a path it cannot look up in the export as it does one it does not export.
		{name: "a board without a folder", path: "/srv/boards/52-54-00-f1-ee-09", refusal: "mount status 13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, err := mountV3(t, g, tt.path)
			if (err == nil) != tt.mounts {
				t.Fatalf("mount %s: %v, want success %v", tt.path, err, tt.mounts)

			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.refusal) {
					t.Errorf("mount %s: %v, want %q", tt.path, err, tt.refusal)
				}
				return
			}
			_, err = target.Create("/probe", 0o644)
			if (err == nil) != tt.writable {
				t.Fatalf("create probe in %s: %v, want success %v", tt.path, err, tt.writable)
			}
			if tt.writable {
				if _, err := os.Stat(filepath.Join(tt.lands, "probe")); err != nil {
					t.Errorf("the probe written to %s is not on the server: %v", tt.path, err)
				}
			}
		})
	}
}

func TestClientOwner(t *testing.T) {
	tests := []struct {
		record string
		want   string
		ok     bool
	}{
		{"::ffff:127.0.0.1-(20:Linux NFSv4.2 (none))", "Linux NFSv4.2 (none)", true},
		// As ganesha 4 wrote it for a board of virt-fleet-nfs4: the owner has a slash.
		{"::ffff:127.0.0.1-(102:0x4c696e7578204e465376342e3220616972726f6f742d6d61632d35323a35343a30303a66313a65653a30332f286e6f6e6529)",
			"Linux NFSv4.2 airroot-mac-52:54:00:f1:ee:03/(none)", true},
		{"::ffff:127.0.0.1-(4:0xzz)", "0xzz", true}, // not hex: as it is
		{"10.0.2.15-(3:a-b)", "a-b", true},
		{"::ffff:127.0.0.1-(21:Linux NFSv4.2 (none))", "", false}, // wrong length
		{"::ffff:127.0.0.1-(20:Linux NFSv4.2 (none)", "", false},  // no closing parenthesis
		{"node0", "", false},
	}
	for _, tt := range tests {
		got, ok := ClientOwner(tt.record)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ClientOwner(%q) = %q, %v; want %q, %v", tt.record, got, ok, tt.want, tt.ok)
		}
	}
}
