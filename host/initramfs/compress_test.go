package initramfs

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

var allCompressions = []Compression{Gzip, Zstd, XZ, None}

// decompress undoes Compress with each format's own reader.
func decompress(t *testing.T, data []byte, c Compression) []byte {
	t.Helper()
	var r io.Reader
	var err error
	switch c {
	case None:
		return data
	case Gzip:
		r, err = gzip.NewReader(bytes.NewReader(data))
	case Zstd:
		var d *zstd.Decoder
		d, err = zstd.NewReader(bytes.NewReader(data))
		if err == nil {
			defer d.Close()
			r = d
		}
	case XZ:
		r, err = xz.NewReader(bytes.NewReader(data))
	}
	if err != nil {
		t.Fatalf("decompress %s: %v", c, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decompress %s: %v", c, err)
	}
	return out
}

// TestBuildsAreByteIdentical builds the same inputs twice, touching them
// in between, and compares the compressed archives, for every compression.
func TestBuildsAreByteIdentical(t *testing.T) {
	dir := firmwareTree(t)
	modules := wifiModulesTree(t)
	init := testutil.FakeInit(t)
	build := func(c Compression) []byte {
		a, _, err := Build(Spec{Init: init, ModulesDir: modules, Modules: []string{"rtl8192cu", "brcmfmac"},
			Firmware: os.DirFS(dir), FirmwareWhere: dir, WiFi: testWiFi(t)})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := a.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		data, err := Compress(raw, c)
		if err != nil {
			t.Fatal(err)
		}
		if got := decompress(t, data, c); !bytes.Equal(got, raw) {
			t.Errorf("%s: decompressed archive differs from the archive", c)
		}
		return data
	}
	for _, c := range allCompressions {
		t.Run(string(c), func(t *testing.T) {
			first := build(c)
			later := time.Unix(2e9, 0)
			for _, p := range []string{init, modules, dir} {
				if err := os.Chtimes(p, later, later); err != nil {
					t.Fatal(err)
				}
			}
			if second := build(c); !bytes.Equal(first, second) {
				t.Errorf("two %s builds of the same inputs differ (%d and %d bytes)", c, len(first), len(second))
			}
		})
	}
}

// TestXZUsesCRC32 checks the stream flags: the kernel's xz decoder knows
// CRC32 (and no check) only.
func TestXZUsesCRC32(t *testing.T) {
	data, err := Compress([]byte("hello"), XZ)
	if err != nil {
		t.Fatal(err)
	}
	// Stream header: 6 magic bytes, then flags 0x00 and the check type.
	if len(data) < 8 || data[6] != 0 || data[7] != 0x01 {
		t.Errorf("xz stream flags % x, want 00 01 (CRC32)", data[6:8])
	}
}

func TestParseCompression(t *testing.T) {
	for _, c := range allCompressions {
		if got, err := ParseCompression(string(c)); err != nil || got != c {
			t.Errorf("ParseCompression(%s) = %v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"", "bzip2", "GZIP", "lz4"} {
		if _, err := ParseCompression(bad); err == nil {
			t.Errorf("ParseCompression(%q): no error", bad)
		}
	}
}

func TestCheckKernel(t *testing.T) {
	debian := kernel.Config{"CONFIG_RD_GZIP": "y", "CONFIG_RD_XZ": "y"}
	tests := []struct {
		name    string
		c       Compression
		config  kernel.Config
		warns   bool
		refused bool
	}{
		{name: "gzip", c: Gzip, config: debian},
		{name: "xz", c: XZ, config: debian},
		{name: "zstd without RD_ZSTD", c: Zstd, config: debian, refused: true},
		{name: "zstd as a module is not enough", c: Zstd, config: kernel.Config{"CONFIG_RD_ZSTD": "m"}, refused: true},
		{name: "zstd, configuration unknown", c: Zstd, warns: true},
		{name: "gzip, configuration unknown", c: Gzip},
		{name: "none", c: None, config: kernel.Config{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warning, err := tt.c.CheckKernel(tt.config)
			if (warning != "") != tt.warns {
				t.Errorf("warning %q, want one: %v", warning, tt.warns)
			}
			if errors.Is(err, ErrKernelCompression) != tt.refused {
				t.Errorf("error %v, want ErrKernelCompression: %v", err, tt.refused)
			}
		})
	}
}
