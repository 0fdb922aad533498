package initramfs

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"

	"github.com/airroot/airroot/host/kernel"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Compression is how the archive is compressed. Each gives the same bytes
// for the same archive: no time stamps, no file names, one thread.
type Compression string

// The compressions the kernel can unpack an initramfs from, with the
// CONFIG_RD_* option each needs.
const (
	Gzip Compression = "gzip"
	Zstd Compression = "zstd"
	XZ   Compression = "xz"
	None Compression = "none"
)

// ParseCompression reads the --compress value.
func ParseCompression(s string) (Compression, error) {
	switch c := Compression(s); c {
	case Gzip, Zstd, XZ, None:
		return c, nil
	}
	return "", fmt.Errorf("--compress %q: want gzip, zstd, xz or none", s)
}

// FileName is the conventional name of an archive compressed with c.
func (c Compression) FileName() string {
	switch c {
	case Gzip:
		return "initramfs.cpio.gz"
	case Zstd:
		return "initramfs.cpio.zst"
	case XZ:
		return "initramfs.cpio.xz"
	}
	return "initramfs.cpio"
}

// KernelOption is the kernel configuration option needed to unpack an
// initramfs compressed with c; "" for none.
func (c Compression) KernelOption() string {
	switch c {
	case Gzip:
		return "CONFIG_RD_GZIP"
	case Zstd:
		return "CONFIG_RD_ZSTD"
	case XZ:
		return "CONFIG_RD_XZ"
	}
	return ""
}

// ErrKernelCompression reports a compression the kernel cannot unpack.
var ErrKernelCompression = errors.New("the kernel cannot unpack this compression")

// CheckKernel refuses a compression the kernel, configured as cfg, cannot
// unpack (ErrKernelCompression). When cfg is unknown (nil) it returns a
// warning for every compression but gzip, which every kernel built to boot
// from an initramfs unpacks; "" when there is nothing to say.
func (c Compression) CheckKernel(cfg kernel.Config) (string, error) {
	opt := c.KernelOption()
	switch {
	case opt == "":
		return "", nil
	case cfg == nil && c != Gzip:
		return fmt.Sprintf("the kernel's configuration is unknown: check that it has %s=y, or it cannot unpack a %s initramfs", opt, c), nil
	case cfg == nil || cfg.BuiltIn(opt):
		return "", nil
	}
	return "", fmt.Errorf("--compress %s: the kernel lacks %s=y: %w (use --compress gzip)", c, opt, ErrKernelCompression)
}

// Compress compresses an archive. The xz stream uses CRC32 checks and a
// 1 MiB dictionary, as the kernel's own usr/Makefile does: the kernel's xz
// decoder knows no CRC64.
func Compress(raw []byte, c Compression) ([]byte, error) {
	var out []byte
	var err error
	switch c {
	case None:
		return raw, nil
	case Gzip:
		out, err = compressGzip(raw)
	case Zstd:
		out, err = compressZstd(raw)
	case XZ:
		out, err = compressXZ(raw)
	default:
		err = fmt.Errorf("unknown compression %q", c)
	}
	if err != nil {
		return nil, fmt.Errorf("compress initramfs with %s: %w", c, err)
	}
	return out, nil
}

func compressGzip(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	err = zw.Close()
	return b.Bytes(), err
}

func compressZstd(raw []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	return enc.EncodeAll(raw, nil), nil
}

func compressXZ(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	cfg := xz.WriterConfig{CheckSum: xz.CRC32, DictCap: 1 << 20}
	zw, err := cfg.NewWriter(&b)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	err = zw.Close()
	return b.Bytes(), err
}
