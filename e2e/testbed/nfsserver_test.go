package testbed

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	nfsc "github.com/willscott/go-nfs-client/nfs"
	"github.com/willscott/go-nfs-client/nfs/rpc"
)

func TestNFSServerServesFolder(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "e2e"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := []byte("probe contents")
	if err := os.WriteFile(filepath.Join(root, "e2e", "probe"), want, 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := StartNFSServer(root, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()

	client, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(srv.Port()), false)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	mount := nfsc.Mount{Client: client}
	target, err := mount.Mount("/", rpc.AuthNull)
	if err != nil {
		t.Fatalf("MOUNT /: %v", err)
	}
	f, err := target.Open("/e2e/probe")
	if err != nil {
		t.Fatalf("open /e2e/probe over NFS: %v", err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || string(got) != string(want) {
		t.Errorf("read /e2e/probe over NFS = %q, %v; want %q", got, err, want)
	}
	if _, _, err := target.Lookup("/e2e/missing"); err == nil {
		t.Error("lookup of a missing file succeeded")
	}

	// Stop must end the server although clients are still connected.
	idle, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(srv.Port()))
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	waitForConns(t, srv, 2) // the NFS client's and idle
	if err := srv.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(srv.Port())); err == nil {
		c.Close()
		t.Error("the server still accepts connections after Stop")
	}
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := idle.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("read from a client connection after Stop = %d, %v; want EOF (closed by the server)", n, err)
	}
}

func TestPathHandlerHandles(t *testing.T) {
	h := newPathHandler(nil, "/")
	a := h.ToHandle(nil, []string{"e2e", "probe"})
	b := h.ToHandle(nil, []string{"e2e", "probe"})
	if string(a) != string(b) {
		t.Errorf("handles for one path differ: %x, %x", a, b)
	}
	_, path, err := h.FromHandle(a)
	if err != nil || len(path) != 2 || path[1] != "probe" {
		t.Errorf("FromHandle(%x) = %q, %v", a, path, err)
	}
	if _, _, err := h.FromHandle([]byte{0, 0, 0, 0, 0, 0, 0, 99}); err == nil {
		t.Error("FromHandle of an unknown handle succeeded")
	}
	if _, _, err := h.FromHandle([]byte{1}); err == nil {
		t.Error("FromHandle of a short handle succeeded")
	}
}

func waitForConns(t *testing.T, srv *NFSServer, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		srv.mu.Lock()
		ln := srv.ln
		srv.mu.Unlock()
		ln.mu.Lock()
		have := len(ln.conns)
		ln.mu.Unlock()
		if have >= n {
			return
		}
	}
	t.Fatalf("the server did not accept %d connections", n)
}

// TestNFSServerExport: MOUNT grants the export's path alone, as a real server does, so
// a client that mounts the wrong directory fails.
func TestNFSServerExport(t *testing.T) {
	srv, err := StartNFSServer(t.TempDir(), "/srv/board")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	tests := []struct {
		dir string
		ok  bool
	}{
		{dir: "/srv/board", ok: true},
		{dir: "/srv/board/", ok: true},
		{dir: "/"},
		{dir: "/tftpboot/10.0.2.100"},
		{dir: "/srv"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			client, err := rpc.DialTCP("tcp", "127.0.0.1:"+strconv.Itoa(srv.Port()), false)
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			mount := nfsc.Mount{Client: client}
			_, err = mount.Mount(tt.dir, rpc.AuthNull)
			if (err == nil) != tt.ok {
				t.Errorf("MOUNT %s: %v, want success %v", tt.dir, err, tt.ok)
			}
		})
	}
}

// TestNFSServerRestart: while down the port refuses connections and the old ones are
// closed; back, on the same port, a path has the same file handle as before.
func TestNFSServerRestart(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "probe"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := StartNFSServer(root, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	addr := "127.0.0.1:" + strconv.Itoa(srv.Port())
	handle := func() []byte {
		t.Helper()
		client, err := rpc.DialTCP("tcp", addr, false)
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		target, err := (&nfsc.Mount{Client: client}).Mount("/", rpc.AuthNull)
		if err != nil {
			t.Fatalf("MOUNT /: %v", err)
		}
		_, fh, err := target.Lookup("/probe")
		if err != nil {
			t.Fatalf("lookup /probe: %v", err)
		}
		return fh
	}
	before := handle()
	old, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	waitForConns(t, srv, 1)
	restarted := make(chan error, 1)
	go func() { restarted <- srv.Restart(500 * time.Millisecond) }()
	old.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := old.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("read from a connection of before the restart = %d, %v; want EOF", n, err)
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Error("the server accepted a connection while down")
	}
	if err := <-restarted; err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if after := handle(); string(after) != string(before) {
		t.Errorf("/probe's handle after the restart = %x, want %x as before", after, before)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("Stop after Restart: %v", err)
	}
	if err := srv.Restart(0); err == nil {
		t.Error("Restart after Stop succeeded")
	}
}
