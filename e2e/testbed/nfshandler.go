package testbed

import (
	"context"
	"encoding/binary"
	"net"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5"
	nfs "github.com/willscott/go-nfs"
)

// pathHandler exports billy filesystems, each as one path, refusing MOUNT requests
// for any other as a real server refuses what it does not export, and hands out file
// handles as numbers that stay valid for the server's life (go-nfs's own caching
// helper would need two more modules). A handle names its filesystem too, so that
// the same path in two exports (a fleet's per-board directories) has two handles.
type pathHandler struct {
	exports map[string]int // clean export path -> index in fss
	fss     []billy.Filesystem
	mu      sync.Mutex
	ids     map[handleKey]uint64
	paths   map[uint64]handleKey
	nextID  uint64
}

// handleKey is a path in one of the exported filesystems.
type handleKey struct {
	fs   int
	path string // the path's parts joined by "/"
}

func newPathHandler(fs billy.Filesystem, export string) *pathHandler {
	return newExportsHandler([]Export{{Path: export, FS: fs}})
}

func newExportsHandler(exports []Export) *pathHandler {
	h := &pathHandler{exports: map[string]int{}, ids: map[handleKey]uint64{}, paths: map[uint64]handleKey{}, nextID: 1}
	for i, e := range exports {
		h.exports[path.Clean(e.Path)] = i
		h.fss = append(h.fss, e.FS)
	}
	return h
}

// Mount grants the exports alone: another path gets MNT3ERR_NOENT (RFC 1813 5.1.0,
// mountstat3), which the client reports as a missing directory.
func (h *pathHandler) Mount(_ context.Context, _ net.Conn, req nfs.MountRequest) (nfs.MountStatus, billy.Filesystem, []nfs.AuthFlavor) {
	i, ok := h.exports[path.Clean(string(req.Dirpath))]
	if !ok {
		return nfs.MountStatusErrNoEnt, nil, nil
	}
	return nfs.MountStatusOk, h.fss[i], []nfs.AuthFlavor{nfs.AuthFlavorNull}
}

func (h *pathHandler) Change(fs billy.Filesystem) billy.Change { return osChange{fs} }

func (h *pathHandler) FSStat(context.Context, billy.Filesystem, *nfs.FSStat) error { return nil }

func (h *pathHandler) ToHandle(fs billy.Filesystem, path []string) []byte {
	key := handleKey{fs: slices.Index(h.fss, fs), path: strings.Join(path, "/")}
	h.mu.Lock()
	defer h.mu.Unlock()
	id, ok := h.ids[key]
	if !ok {
		id = h.nextID
		h.nextID++
		h.ids[key] = id
		h.paths[id] = key
	}
	return binary.BigEndian.AppendUint64(nil, id)
}

func (h *pathHandler) FromHandle(fh []byte) (billy.Filesystem, []string, error) {
	if len(fh) != 8 {
		return nil, nil, &nfs.NFSStatusError{NFSStatus: nfs.NFSStatusBadHandle}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	key, ok := h.paths[binary.BigEndian.Uint64(fh)]
	if !ok || key.fs < 0 {
		return nil, nil, &nfs.NFSStatusError{NFSStatus: nfs.NFSStatusStale}
	}
	parts := []string{}
	if key.path != "" {
		parts = strings.Split(key.path, "/")
	}
	return h.fss[key.fs], parts, nil
}

// InvalidateHandle keeps the handle: an e2e root holds a few dozen paths, and a handle
// for a removed path just finds nothing (NFS3ERR_NOENT) when used again.
func (h *pathHandler) InvalidateHandle(billy.Filesystem, []byte) error { return nil }

func (h *pathHandler) HandleLimit() int { return 1 << 20 }

// osChange applies attribute changes to the files under the served folder.
type osChange struct{ fs billy.Filesystem }

func (c osChange) path(name string) string { return c.fs.Join(c.fs.Root(), name) }

func (c osChange) Chmod(name string, mode os.FileMode) error { return os.Chmod(c.path(name), mode) }

func (c osChange) Lchown(name string, uid, gid int) error {
	return os.Lchown(c.path(name), uid, gid)
}

func (c osChange) Chown(name string, uid, gid int) error { return os.Chown(c.path(name), uid, gid) }

func (c osChange) Chtimes(name string, atime, mtime time.Time) error {
	return os.Chtimes(c.path(name), atime, mtime)
}
