package modload

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// The testdata/*.ko.{gz,xz,zst} files were made from the .ko with the
// tools and options the kernel's make modules_install uses:
// xz --check=crc32 --lzma2=dict=1MiB, zstd (level 3), gzip -n -9.
func TestDecompressKernelFormats(t *testing.T) {
	want, err := os.ReadFile("testdata/snd-soc-ti-udma-armhf.ko")
	if err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{".ko.gz", ".ko.xz", ".ko.zst"} {
		t.Run(suffix, func(t *testing.T) {
			name := "testdata/snd-soc-ti-udma-armhf" + suffix
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := decompress(compressionOf(name), f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("decompressed %s differs from the module", name)
			}
		})
	}
}

func TestDecompressErrors(t *testing.T) {
	tests := []struct {
		name    string
		c       compression
		data    []byte
		wantErr string
	}{
		{name: "not gzip", c: gzipCompressed, data: []byte("plain text here"), wantErr: "decompress gzip: gzip: invalid header"},
		{name: "not xz", c: xzCompressed, data: []byte("plain text here"), wantErr: "decompress xz: xz: invalid header magic bytes"},
		{name: "not zstd", c: zstdCompressed, data: []byte("plain text here"), wantErr: "decompress zstd: invalid input: magic number mismatch"},
		{name: "unknown", c: compression("lz4"), data: nil, wantErr: `decompress lz4: unknown compression "lz4"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decompress(tt.c, bytes.NewReader(tt.data))
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestDecompressTooBig(t *testing.T) {
	defer func(old int64) { maxModuleSize = old }(maxModuleSize)
	maxModuleSize = 1000
	for _, c := range []compression{gzipCompressed, xzCompressed, zstdCompressed} {
		if _, err := decompress(c, bytes.NewReader(compress(t, c, make([]byte, 1000)))); err != nil {
			t.Errorf("%s, 1000 bytes: %v", c, err)
		}
		_, err := decompress(c, bytes.NewReader(compress(t, c, make([]byte, 1001))))
		if !errors.Is(err, ErrModuleTooBig) {
			t.Errorf("%s, 1001 bytes: error = %v, want ErrModuleTooBig", c, err)
		}
	}
}

// TestOpenCompressedModules indexes a tree of modules compressed every way
// the kernel does it, reading their .modinfo sections.
func TestOpenCompressedModules(t *testing.T) {
	mod := fakeModule(t, arm32, "name=cfg80211", "depends=rfkill", "alias=net-pf-16-proto-16-family-nl80211", "softdep=pre: a post: b")
	fsys := fstest.MapFS{
		"kernel/rfkill.ko.xz":     {Data: compress(t, xzCompressed, fakeModule(t, arm32, "name=rfkill"))},
		"kernel/cfg80211.ko.zst":  {Data: compress(t, zstdCompressed, mod)},
		"kernel/libarc4.ko.gz":    {Data: compress(t, gzipCompressed, fakeModule(t, arm32, "name=libarc4"))},
		"kernel/mac80211.ko":      {Data: fakeModule(t, arm32, "name=mac80211", "depends=cfg80211,libarc4")},
		"kernel/broken.ko.xz":     {Data: []byte("nope")},
		"kernel/real.ko.xz":       {Data: readFile(t, "testdata/snd-soc-ti-udma-armhf.ko.xz")},
		"modules.builtin.modinfo": {Data: []byte("hmac.alias=crypto-hmac\x00")},
	}
	delete(fsys, "kernel/broken.ko.xz")
	ix, err := Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	mods, err := ix.Closure("mac80211")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		names = append(names, m.Path)
	}
	want := []string{"kernel/rfkill.ko.xz", "kernel/cfg80211.ko.zst", "kernel/libarc4.ko.gz", "kernel/mac80211.ko"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("Closure paths (-want +got):\n%s", diff)
	}
	if got := ix.Softdep("cfg80211"); got.String() != "pre: a post: b" {
		t.Errorf("Softdep(cfg80211) = %q", got)
	}
	aliases, err := ix.Aliases()
	if err != nil {
		t.Fatal(err)
	}
	if got := aliases.Lookup("net-pf-16-proto-16-family-nl80211"); !cmp.Equal(got, []string{"cfg80211"}) {
		t.Errorf("alias lookup = %q", got)
	}
	if _, ok := ix.Lookup("snd_soc_ti_udma"); !ok {
		t.Error("the real xz-compressed module is not indexed")
	}
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// compress compresses data as the kernel would, with the libraries' writers.
func compress(t testing.TB, c compression, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	var err error
	switch c {
	case gzipCompressed:
		w = gzip.NewWriter(&buf)
	case xzCompressed:
		w, err = xz.WriterConfig{CheckSum: xz.CRC32, DictCap: 1 << 20}.NewWriter(&buf)
	case zstdCompressed:
		w, err = zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1))
	default:
		return data
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzDecompress(f *testing.F) {
	for i, suffix := range []string{".ko.gz", ".ko.xz", ".ko.zst"} {
		data, err := os.ReadFile("testdata/snd-soc-ti-udma-armhf" + suffix)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(i)) // the kinds below, in this order
	}
	f.Add([]byte("\x7fELF"), uint8(3))
	kinds := []compression{gzipCompressed, xzCompressed, zstdCompressed}
	maxModuleSize = 4 << 20 // keep decompression bombs cheap; inputs are smaller
	f.Cleanup(func() { maxModuleSize = MaxModuleSize })
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		c := kinds[int(kind)%len(kinds)]
		// Any input: an error or at most MaxModuleSize bytes, no panic.
		if out, err := decompress(c, bytes.NewReader(data)); err == nil && int64(len(out)) > maxModuleSize {
			t.Errorf("%s: %d bytes", c, len(out))
		}
		// Any data compressed comes back the same.
		got, err := decompress(c, bytes.NewReader(compress(t, c, data)))
		if err != nil {
			t.Fatalf("%s round trip: %v", c, err)
		}
		if !bytes.Equal(got, data) && !(len(got) == 0 && len(data) == 0) {
			t.Errorf("%s round trip: got %d bytes, want %d", c, len(got), len(data))
		}
	})
}

func TestCompressionOf(t *testing.T) {
	for p, want := range map[string]compression{
		"a/b.ko": uncompressed, "b.ko.gz": gzipCompressed, "b.ko.xz": xzCompressed, "b.ko.zst": zstdCompressed,
		"b.xz": uncompressed, ".ko.xz": uncompressed,
	} {
		if got := compressionOf(p); got != want {
			t.Errorf("compressionOf(%q) = %q, want %q", p, got, want)
		}
	}
}
