package kernel

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/host/deb"
	"github.com/airroot/airroot/host/deb/debtest"
	"github.com/google/go-cmp/cmp"
)

func readDeb(t *testing.T, files []debtest.File) *deb.Package {
	t.Helper()
	data, err := debtest.Deb("Package: linux-image-6.1.0-test\nVersion: 6.1.1-1\nArchitecture: armel\n", files, "gz")
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := deb.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func TestFromDeb(t *testing.T) {
	pkg := readDeb(t, []debtest.File{
		{Name: "boot/vmlinuz-6.1.0-test", Data: "image"},
		{Name: "boot/config-6.1.0-test", Data: "CONFIG_RD_GZIP=y\n# CONFIG_RD_XZ is not set\n"},
		{Name: "lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko", Data: "nfs"},
		{Name: "usr/lib/linux-image-6.1.0-test/bcm2835-rpi-zero-w.dtb", Data: "dtb"},
	})
	k, err := FromDeb(pkg, "linux.deb")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{
		"release": k.Release, "where": k.ModulesWhere, "image": string(k.Image), "image name": k.ImageName, "from": k.From,
	}
	want := map[string]string{
		"release": "6.1.0-test", "where": "linux.deb:lib/modules/6.1.0-test", "image": "image",
		"image name": "vmlinuz-6.1.0-test", "from": "linux-image-6.1.0-test 6.1.1-1 (armel)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Config{"CONFIG_RD_GZIP": "y"}, k.Config); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if data, err := fs.ReadFile(k.Modules, "kernel/fs/nfs/nfs.ko"); err != nil || string(data) != "nfs" {
		t.Errorf("module in tree = %q, %v", data, err)
	}
	if data, err := fs.ReadFile(k.DeviceTrees, "bcm2835-rpi-zero-w.dtb"); err != nil || string(data) != "dtb" {
		t.Errorf("device tree = %q, %v", data, err)
	}
}

func TestFromDebMergedUsr(t *testing.T) {
	pkg := readDeb(t, []debtest.File{
		{Name: "boot/vmlinuz-6.12.0-test", Data: "image"},
		{Name: "usr/lib/modules/6.12.0-test/kernel/a.ko", Data: "a"},
	})
	k, err := FromDeb(pkg, "linux.deb")
	if err != nil {
		t.Fatal(err)
	}
	if k.Release != "6.12.0-test" || k.Config != nil || k.DeviceTrees != nil || k.ImageName != "vmlinuz-6.12.0-test" {
		t.Errorf("release %q, image %q, config %v, device trees %v; want 6.12.0-test, its vmlinuz and neither", k.Release, k.ImageName, k.Config, k.DeviceTrees)
	}
	noImage, err := FromDeb(readDeb(t, []debtest.File{{Name: "lib/modules/1/a.ko"}}), "modules.deb")
	if err != nil || noImage.Image != nil {
		t.Errorf("FromDeb(no image) = %+v, %v; want a kernel without an image", noImage, err)
	}
}

func TestFromDebErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []debtest.File
		want  string
	}{
		{name: "no modules", files: []debtest.File{{Name: "boot/vmlinuz-1", Data: "x"}}, want: "no lib/modules"},
		{name: "two trees", files: []debtest.File{{Name: "lib/modules/1/a.ko"}, {Name: "lib/modules/2/a.ko"}}, want: "2 modules trees"},
		{name: "bad config", files: []debtest.File{{Name: "lib/modules/1/a.ko"}, {Name: "boot/vmlinuz-1"}, {Name: "boot/config-1", Data: "junk\n"}}, want: "config-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromDeb(readDeb(t, tt.files), "linux.deb")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "linux.deb") {
				t.Errorf("FromDeb = %v, want an error naming linux.deb and saying %q", err, tt.want)
			}
		})
	}
}

func TestFromFolders(t *testing.T) {
	root := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("lib/modules/6.1.0-x/modules.dep", "")
	write("boot/config-6.1.0-x", "CONFIG_ARM64=y\n")
	image := write("Image", "image")
	write("dtbs/broadcom/bcm2837-rpi-3-b.dtb", "dtb")
	k, err := FromFolders(filepath.Join(root, "lib/modules/6.1.0-x"), image, filepath.Join(root, "dtbs"))
	if err != nil {
		t.Fatal(err)
	}
	if k.Release != "6.1.0-x" || k.ImageName != "Image" || string(k.Image) != "image" || !k.Arm64() {
		t.Errorf("kernel %+v: want release 6.1.0-x, Image, arm64", k)
	}
	if _, err := fs.Stat(k.DeviceTrees, "broadcom/bcm2837-rpi-3-b.dtb"); err != nil {
		t.Error(err)
	}
	if _, err := FromFolders(filepath.Join(root, "nope"), "", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("FromFolders(missing) = %v, want ErrNotFound", err)
	}
	if _, err := FromFolders(filepath.Join(root, "lib/modules/6.1.0-x"), "", filepath.Join(root, "Image")); !errors.Is(err, ErrNotFound) {
		t.Errorf("FromFolders(dtbs not a folder) = %v, want ErrNotFound", err)
	}
}

func TestIsArm64Image(t *testing.T) {
	image := make([]byte, 64)
	copy(image[56:], "ARM\x64")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(append(image, make([]byte, 1000)...))
	zw.Close()
	tests := []struct {
		name  string
		image []byte
		want  bool
	}{
		{name: "Image", image: image, want: true},
		{name: "gzip'd Image", image: gz.Bytes(), want: true},
		{name: "zImage", image: make([]byte, 64)},
		{name: "short", image: []byte("ARM")},
		{name: "bad gzip", image: []byte{0x1f, 0x8b, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsArm64Image(tt.image); got != tt.want {
				t.Errorf("IsArm64Image = %v, want %v", got, tt.want)
			}
		})
	}
}
