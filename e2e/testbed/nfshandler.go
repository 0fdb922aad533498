package testbed

import (
	"context"
	"encoding/binary"
	"net"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5"
	nfs "github.com/willscott/go-nfs"
)

// pathHandler exports one billy filesystem as one path, refusing MOUNT requests for
// any other as a real server refuses what it does not export, and hands out file
// handles as numbers that stay valid for the server's life (go-nfs's own caching
// helper would need two more modules).
type pathHandler struct {
	fs     billy.Filesystem
	export string
	mu     sync.Mutex
	ids    map[string]uint64
	paths  map[uint64][]string
	nextID uint64
}

func newPathHandler(fs billy.Filesystem, export string) *pathHandler {
	return &pathHandler{fs: fs, export: path.Clean(export), ids: map[string]uint64{}, paths: map[uint64][]string{}, nextID: 1}
}

// Mount grants the export alone: another path gets MNT3ERR_NOENT (RFC 1813 5.1.0,
// mountstat3), which the client reports as a missing directory.
func (h *pathHandler) Mount(_ context.Context, _ net.Conn, req nfs.MountRequest) (nfs.MountStatus, billy.Filesystem, []nfs.AuthFlavor) {
	if path.Clean(string(req.Dirpath)) != h.export {
		return nfs.MountStatusErrNoEnt, nil, nil
	}
	return nfs.MountStatusOk, h.fs, []nfs.AuthFlavor{nfs.AuthFlavorNull}
}

func (h *pathHandler) Change(billy.Filesystem) billy.Change { return osChange{h.fs} }

func (h *pathHandler) FSStat(context.Context, billy.Filesystem, *nfs.FSStat) error { return nil }

func (h *pathHandler) ToHandle(_ billy.Filesystem, path []string) []byte {
	key := strings.Join(path, "/")
	h.mu.Lock()
	defer h.mu.Unlock()
	id, ok := h.ids[key]
	if !ok {
		id = h.nextID
		h.nextID++
		h.ids[key] = id
		h.paths[id] = append([]string{}, path...)
	}
	return binary.BigEndian.AppendUint64(nil, id)
}

func (h *pathHandler) FromHandle(fh []byte) (billy.Filesystem, []string, error) {
	if len(fh) != 8 {
		return nil, nil, &nfs.NFSStatusError{NFSStatus: nfs.NFSStatusBadHandle}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	path, ok := h.paths[binary.BigEndian.Uint64(fh)]
	if !ok {
		return nil, nil, &nfs.NFSStatusError{NFSStatus: nfs.NFSStatusStale}
	}
	return h.fs, append([]string{}, path...), nil
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
