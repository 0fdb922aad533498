package artifact

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfigTxt(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    configTxt
		wantErr bool
	}{
		{name: "airroot's", text: "# Written by airroot build.\nkernel=vmlinuz-6.1.0-50-rpi\n# followkernel: ...\ninitramfs initramfs.cpio.gz followkernel\nupstream_kernel=1\n",
			want: configTxt{kernel: "vmlinuz-6.1.0-50-rpi", initramfs: "initramfs.cpio.gz"}},
		{name: "spaces", text: "  kernel=k.img\ninitramfs   i.cpio.zst   followkernel\n", want: configTxt{kernel: "k.img", initramfs: "i.cpio.zst"}},
		{name: "no initramfs", text: "kernel=k\n", want: configTxt{kernel: "k"}, wantErr: true},
		{name: "comment only", text: "# kernel=k\n# initramfs i followkernel\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseConfigTxt(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(configTxt{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// raspi1apParams are the raspi1ap board's kernel parameters.
var raspi1apParams = []string{"console=ttyAMA0,115200", "panic=-1", "initcall_blacklist=bcm2835_pm_driver_init"}

func TestBootFolderCmdline(t *testing.T) {
	f := BootFolder{CmdlineTxt: "console=serial0,115200 root=/dev/nfs nfsroot=10.0.2.2:/,vers=3 ip=dhcp rw\n"}
	got := f.Cmdline(raspi1apParams)
	want := "console=ttyAMA0,115200 root=/dev/nfs nfsroot=10.0.2.2:/,vers=3 ip=dhcp rw panic=-1 initcall_blacklist=bcm2835_pm_driver_init"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestBootFolderFiles(t *testing.T) {
	dir := t.TempDir()
	k := KernelPackage{DTB: "usr/lib/linux-image-6.1.0-50-rpi/bcm2835-rpi-b-plus.dtb"}
	files := map[string]string{
		"config.txt":             "kernel=vmlinuz-6.1.0-50-rpi\ninitramfs initramfs.cpio.gz followkernel\n",
		"cmdline.txt":            "console=serial0,115200 root=/dev/nfs ip=dhcp rw\n",
		"vmlinuz-6.1.0-50-rpi":   "kernel",
		"initramfs.cpio.gz":      "initramfs",
		"bcm2835-rpi-b-plus.dtb": "dtb",
		"bcm2835-rpi-zero-w.dtb": "other dtb",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := readBootFolder(dir, k)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{f.Kernel.Vmlinuz, f.Kernel.DTB, f.Initrd, f.Cmdline(raspi1apParams)}
	want := []string{filepath.Join(dir, "vmlinuz-6.1.0-50-rpi"), filepath.Join(dir, "bcm2835-rpi-b-plus.dtb"), filepath.Join(dir, "initramfs.cpio.gz"),
		"console=ttyAMA0,115200 root=/dev/nfs ip=dhcp rw panic=-1 initcall_blacklist=bcm2835_pm_driver_init"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	os.Remove(filepath.Join(dir, "bcm2835-rpi-b-plus.dtb"))
	if _, err := readBootFolder(dir, k); err == nil {
		t.Error("a folder without the board's device tree: no error")
	}
}
