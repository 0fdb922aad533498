package deb

import (
	"compress/bzip2"
	"compress/gzip"
	"fmt"
	"io"
	"path"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// decompress returns a reader of the tar inside a member, chosen by the
// member's suffix as dpkg-deb does. Close it when done.
func decompress(name string, body io.Reader) (io.ReadCloser, error) {
	switch ext := path.Ext(name); ext {
	case ".tar":
		return io.NopCloser(body), nil
	case ".gz":
		return gzip.NewReader(body)
	case ".xz":
		xr, err := xz.NewReader(body)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(xr), nil
	case ".zst":
		zr, err := zstd.NewReader(body, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		return zr.IOReadCloser(), nil
	case ".bz2":
		return io.NopCloser(bzip2.NewReader(body)), nil
	default:
		return nil, fmt.Errorf("unknown compression %q: %w", ext, ErrFormat)
	}
}
