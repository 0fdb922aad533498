package modload

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// InitCompressedFile is finit_module(2)'s MODULE_INIT_COMPRESSED_FILE flag
// (Linux 5.17 and later): the kernel decompresses the file itself, when it
// was built with CONFIG_MODULE_DECOMPRESS and the file is in the one format
// it was built for.
const InitCompressedFile = 4

// MaxModuleSize bounds the size of a decompressed module, so that a corrupt
// or hostile file cannot exhaust memory. The largest in-tree modules are a
// few tens of MiB.
const MaxModuleSize = 256 << 20

// ErrModuleTooBig is wrapped by the error for a module that decompresses to
// more than MaxModuleSize bytes.
var ErrModuleTooBig = errors.New("decompressed module larger than MaxModuleSize")

// maxModuleSize is MaxModuleSize; tests lower it.
var maxModuleSize int64 = MaxModuleSize

// compression is how a module file is compressed, known by its suffix.
type compression string

const (
	uncompressed   compression = ""
	gzipCompressed compression = "gzip"
	xzCompressed   compression = "xz"
	zstdCompressed compression = "zstd"
)

// compressionOf returns how the module file p is compressed.
func compressionOf(p string) compression {
	switch moduleSuffix(path.Base(p)) {
	case ".ko.gz":
		return gzipCompressed
	case ".ko.xz":
		return xzCompressed
	case ".ko.zst":
		return zstdCompressed
	}
	return uncompressed
}

// decompress reads all of r, compressed with c, and returns the module image.
func decompress(c compression, r io.Reader) ([]byte, error) {
	zr, err := c.reader(r)
	if err != nil {
		return nil, fmt.Errorf("decompress %s: %w", c, err)
	}
	defer zr.Close()
	data, err := io.ReadAll(io.LimitReader(zr, maxModuleSize+1))
	if err != nil {
		return nil, fmt.Errorf("decompress %s: %w", c, err)
	}
	if int64(len(data)) > maxModuleSize {
		return nil, fmt.Errorf("decompress %s: %w", c, ErrModuleTooBig)
	}
	return data, nil
}

// reader returns a reader of the data r holds compressed with c.
func (c compression) reader(r io.Reader) (io.ReadCloser, error) {
	switch c {
	case gzipCompressed:
		return gzip.NewReader(r)
	case xzCompressed:
		// Kernel modules are compressed with xz --check=crc32
		// --lzma2=dict=1MiB: one stream, no BCJ filter. The smallest
		// DictCap lets the stream's own size rule (the default would
		// allocate 8 MiB a file), and the reader makes many small
		// reads: buffer them.
		xr, err := xz.ReaderConfig{DictCap: lzma.MinDictCap}.NewReader(bufio.NewReaderSize(r, 64<<10))
		if err != nil {
			return nil, err
		}
		return io.NopCloser(xr), nil
	case zstdCompressed:
		// One goroutine and modest buffers: this runs on small boards.
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxMemory(MaxModuleSize+1))
		if err != nil {
			return nil, err
		}
		return zr.IOReadCloser(), nil
	case uncompressed:
		return io.NopCloser(r), nil
	}
	return nil, fmt.Errorf("unknown compression %q", string(c))
}

// memFile is a decompressed module image, handed to Init in place of the
// compressed file (so the default Init uses init_module(2)).
type memFile struct {
	*bytes.Reader
	info fileInfo
}

func newMemFile(name string, data []byte) *memFile {
	return &memFile{Reader: bytes.NewReader(data), info: fileInfo{name: name, size: int64(len(data))}}
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

// fileInfo describes a memFile.
type fileInfo struct {
	name string
	size int64
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) Mode() fs.FileMode  { return 0o444 }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }
