package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/airroot/airroot/host/deb/debtest"
	"github.com/airroot/airroot/host/initramfs"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
	"github.com/u-root/u-root/pkg/cpio"
)

const testPassphrase = "correct horse battery staple"

// testDeb writes a small linux-image package: image, config, a modules
// tree with a modules.dep, and two device trees.
func testDeb(t *testing.T) string { return testDebWith(t, "") }

// testDebWith is testDeb with more modules: dep holds their modules.dep
// lines, and each module named there gets a file.
func testDebWith(t *testing.T, dep string) string {
	t.Helper()
	files := []debtest.File{
		{Name: "boot/vmlinuz-6.1.0-test", Data: "kernel image"},
		{Name: "boot/config-6.1.0-test", Data: "CONFIG_ARM=y\nCONFIG_ARCH_MULTI_V6=y\nCONFIG_RD_GZIP=y\nCONFIG_RD_XZ=y\n"},
		{Name: "lib/modules/6.1.0-test/modules.dep", Data: "kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko\nkernel/fs/nfs/nfs.ko:\n" + dep},
		{Name: "lib/modules/6.1.0-test/modules.builtin", Data: "kernel/drivers/virtio/virtio.ko\n"},
		{Name: "lib/modules/6.1.0-test/kernel/fs/nfs/nfsv3.ko", Data: "nfsv3"},
		{Name: "lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko", Data: "nfs"},
		{Name: "usr/lib/linux-image-6.1.0-test/bcm2835-rpi-zero-w.dtb", Data: "zero w"},
		{Name: "usr/lib/linux-image-6.1.0-test/bcm2837-rpi-3-b.dtb", Data: "3 b"},
	}
	for _, line := range strings.Split(strings.TrimSpace(dep), "\n") {
		if name, _, ok := strings.Cut(line, ":"); ok {
			files = append(files, debtest.File{Name: "lib/modules/6.1.0-test/" + name, Data: path.Base(name)})
		}
	}
	return writeTestDeb(t, files)
}

// writeTestDeb writes a linux-image-6.1.0-test package of files.
func writeTestDeb(t *testing.T, files []debtest.File) string {
	t.Helper()
	data, err := debtest.Deb("Package: linux-image-6.1.0-test\nVersion: 6.1.1-1\nArchitecture: armel\n", files, "xz")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "linux-image-6.1.0-test_6.1.1-1_armel.deb")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runAirroot runs the command with stdin and returns what it printed.
func runAirroot(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &out)
	return out.String(), err
}

// unpack reads a gzip'd newc archive into name -> content.
// buildFiles runs airroot build with args, writing out, and returns the
// image's files and what the build printed; a failed build fails the test.
func buildFiles(t *testing.T, out string, args ...string) (files map[string]string, printed string) {
	t.Helper()
	printed, err := runAirroot(t, "", append(append([]string{"build"}, args...), "-o", out)...)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return unpack(t, data), printed
}

func unpack(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(testPassphrase)) {
		t.Error("the initramfs holds the pass-phrase")
	}
	recs, err := cpio.ReadAllRecords(cpio.Newc.Reader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, r := range recs {
		b, _ := io.ReadAll(io.NewSectionReader(r, 0, int64(r.FileSize)))
		files[r.Name] = string(b)
	}
	return files
}

func TestBuildBootFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "boot")
	printed, err := runAirroot(t, testPassphrase+"\n", "build", "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t),
		"--modules", "nfsv3", "--ssid", "home", "--passphrase-stdin", "--nfsroot", "192.168.1.2:/srv/pi", "--out", out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	var names []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			names = append(names, rel)
		}
		return err
	})
	sort.Strings(names)
	want := []string{"bcm2835-rpi-zero-w.dtb", "bcm2837-rpi-3-b.dtb", "cmdline.txt", "config.txt", "initramfs.cpio.gz", "vmlinuz-6.1.0-test"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("boot folder (-want +got):\n%s", diff)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := read("cmdline.txt"); got != "console=serial0,115200 console=tty1 root=/dev/nfs nfsroot=192.168.1.2:/srv/pi ip=dhcp rw\n" {
		t.Errorf("cmdline.txt = %q", got)
	}
	config := read("config.txt")
	for _, line := range []string{"kernel=vmlinuz-6.1.0-test\n", "initramfs initramfs.cpio.gz followkernel\n", "upstream_kernel=1\n", "enable_uart=1\n"} {
		if !strings.Contains(config, line) {
			t.Errorf("config.txt lacks %q:\n%s", line, config)
		}
	}
	if strings.Contains(config, "arm_64bit") {
		t.Errorf("config.txt asks for 64-bit mode for an armel kernel:\n%s", config)
	}
	files := unpack(t, []byte(read("initramfs.cpio.gz")))
	if !strings.Contains(files["etc/airroot/wpa_supplicant.conf"], "psk=") || files["lib/modules/6.1.0-test/kernel/fs/nfs/nfs.ko"] != "nfs" {
		t.Errorf("initramfs lacks the Wi-Fi configuration or the modules: %v", files)
	}
	if st, _ := os.Stat(filepath.Join(out, "initramfs.cpio.gz")); st.Mode().Perm() != 0o600 {
		t.Errorf("initramfs with a PSK: mode %v, want 0600", st.Mode().Perm())
	}
	for _, say := range []string{"/srv/pi  *(rw,sync,no_subtree_check,no_root_squash)", "pass-phrase of \"home\" was hashed",
		"bootcode.bin", "module nfs, needed by nfsv3"} {
		if !strings.Contains(printed, say) {
			t.Errorf("summary does not say %q:\n%s", say, printed)
		}
	}
	if strings.Contains(printed, testPassphrase) {
		t.Error("the summary prints the pass-phrase")
	}
}

func TestBuildInitramfsOnly(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte(testPassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "i.cpio.gz")
	files, printed := buildFiles(t, out, "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t), "--modules", "nfsv3,virtio",
		"--ssid", "home", "--passphrase-file", pass)
	if files["etc/modules-load.d/airroot.conf"] != "nfsv3\nvirtio\n" {
		t.Errorf("modules-load list = %q", files["etc/modules-load.d/airroot.conf"])
	}
	if !strings.Contains(printed, "module virtio is built into the kernel") {
		t.Errorf("no warning about the built-in module:\n%s", printed)
	}
}

func TestBuildWiFiConfigFile(t *testing.T) {
	dir := t.TempDir()
	wpa := filepath.Join(dir, "wpa_supplicant.conf")
	text := "ctrl_interface=/run/wpa_supplicant\nnetwork={\n\tssid=\"home\"\n\tpsk=\"" + testPassphrase + "\"\n" +
		"\tkey_mgmt=WPA-PSK-SHA256\n\tieee80211w=2\n\tgroup=CCMP\n}\n"
	if err := os.WriteFile(wpa, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "i.cpio.gz")
	files, printed := buildFiles(t, out, "--init", testutil.FakeInit(t), "--wifi-config", wpa)
	written := files[layout.WiFiConfig.InArchive()]
	for _, setting := range []string{"\tkey_mgmt=WPA-PSK-SHA256\n", "\tieee80211w=2\n", "\tgroup=CCMP\n"} {
		if !strings.Contains(written, setting) {
			t.Errorf("the image's wpa_supplicant.conf lacks %q:\n%s", setting, written)
		}
	}
	for _, say := range []string{wpa + ":1: ctrl_interface: ignored", wpa + ":4: pass-phrase hashed"} {
		if !strings.Contains(printed, say) {
			t.Errorf("summary does not say %q:\n%s", say, printed)
		}
	}
	if strings.Contains(printed, testPassphrase) {
		t.Error("the summary prints the pass-phrase")
	}
	os.WriteFile(wpa, []byte("network={\n\tssid=\"home\"\n\tpsk=\"short\"\n}\n"), 0o600)
	if _, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--wifi-config", wpa, "-o", out); err == nil || !strings.Contains(err.Error(), wpa+":3") {
		t.Errorf("bad pass-phrase: error %v, want one naming %s:3", err, wpa)
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{name: "short pass-phrase", stdin: "short\n", args: []string{"--ssid", "home", "--passphrase-stdin"}, want: "8..63"},
		{name: "empty stdin", args: []string{"--ssid", "home", "--passphrase-stdin"}, want: "nothing there"},
		{name: "two-line pass-phrase file", args: []string{"--ssid", "home", "--passphrase-file", writeFile(t, dir, "p2", "abcdefgh\nijklmnop\n")}, want: "more than one line"},
		{name: "missing deb", args: []string{"--kernel-deb", filepath.Join(dir, "none.deb")}, want: "none.deb"},
		{name: "not a deb", args: []string{"--kernel-deb", writeFile(t, dir, "x.deb", "hello")}, want: "not a Debian package"},
		{name: "firmware dir missing", args: []string{"--firmware-dir", filepath.Join(dir, "nofw")}, want: "not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"build", "--init", testutil.FakeInit(t), "-o", filepath.Join(dir, "i.gz")}, tt.args...)
			printed, err := runAirroot(t, tt.stdin, args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q\n%s", err, tt.want, printed)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBootFolderIsReproducible builds the same boot folder twice, the
// pass-phrase given each time, and compares every file byte for byte.
func TestBootFolderIsReproducible(t *testing.T) {
	deb, init := testDeb(t), testutil.FakeInit(t)
	build := func() map[string]string {
		out := filepath.Join(t.TempDir(), "boot")
		printed, err := runAirroot(t, testPassphrase+"\n", "build", "--init", init, "--kernel-deb", deb, "--modules", "nfsv3",
			"--ssid", "home", "--passphrase-stdin", "--nfsroot", "192.168.1.2:/srv/pi", "--compress", "xz", "--out", out)
		if err != nil {
			t.Fatalf("build: %v\n%s", err, printed)
		}
		files := map[string]string{}
		entries, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(out, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), testPassphrase) {
				t.Errorf("%s holds the pass-phrase", e.Name())
			}
			files[e.Name()] = string(data)
		}
		return files
	}
	first := build()
	later := time.Unix(2e9, 0)
	for _, p := range []string{deb, init} {
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
	}
	second := build()
	if len(first) != 6 { // kernel, 2 device trees, initramfs, cmdline.txt, config.txt
		t.Errorf("boot folder has %d files, want 6", len(first))
	}
	for name, data := range first {
		if second[name] != data {
			t.Errorf("%s differs between two builds of the same inputs", name)
		}
	}
}

// TestBuildRefusesCompressionTheKernelLacks: the test kernel has
// CONFIG_RD_GZIP and CONFIG_RD_XZ, not CONFIG_RD_ZSTD.
func TestBuildRefusesCompressionTheKernelLacks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "boot")
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--kernel-deb", testDeb(t), "--compress", "zstd", "--out", out)
	if !errors.Is(err, initramfs.ErrKernelCompression) || !strings.Contains(err.Error(), "CONFIG_RD_ZSTD") {
		t.Errorf("error %v, want one naming CONFIG_RD_ZSTD\n%s", err, printed)
	}
	if _, statErr := os.Stat(out); statErr == nil {
		t.Error("the boot folder was written anyway")
	}
}

// TestBuildOverWorldReadableFile: -o naming an existing 0644 file must not
// put the PSK into that file (readable by anyone until a chmod): the result
// is a new file, 0600, and a reader of the old one never sees the key.
func TestBuildOverWorldReadableFile(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte(testPassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "i.cpio.gz")
	if err := os.WriteFile(out, []byte("an older, public image"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--ssid", "home", "--passphrase-file", pass, "-o", out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, printed)
	}
	after, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if after.Mode().Perm() != 0o600 {
		t.Errorf("initramfs with a PSK: mode %v, want 0600", after.Mode().Perm())
	}
	if os.SameFile(before, after) {
		t.Error("the PSK was written into the existing world-readable file")
	}
	seen, _ := io.ReadAll(reader)
	if string(seen) != "an older, public image" {
		t.Errorf("a reader of the old file sees %d new bytes", len(seen))
	}
}

// TestBuildKeepsSAEPasswordPrivate: SAE cannot use a hash of its password,
// so the build keeps it, in the 0600 Wi-Fi file only, and never prints it.
func TestBuildKeepsSAEPasswordPrivate(t *testing.T) {
	const secret = "wpa3 secret for the test"
	dir := t.TempDir()
	wpa := filepath.Join(dir, "wpa_supplicant.conf")
	if err := os.WriteFile(wpa, []byte("network={\n\tssid=\"home\"\n\tkey_mgmt=SAE\n\tsae_password=\""+secret+"\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "i.cpio.gz")
	printed, err := runAirroot(t, "", "build", "--init", testutil.FakeInit(t), "--wifi-config", wpa, "-o", out)
	if err != nil {
		t.Fatalf("build with key_mgmt=SAE: %v\n%s", err, printed)
	}
	if strings.Contains(printed, secret) {
		t.Errorf("the build printed the SAE password:\n%s", printed)
	}
	if !strings.Contains(printed, `the SAE (WPA3) password of "home" goes into the initramfs as given`) {
		t.Errorf("no warning that the SAE password is stored:\n%s", printed)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("initramfs holding an SAE password: %v, %v; want mode 0600", info.Mode().Perm(), err)
	}
	if f := unpack(t, data)[layout.WiFiConfig.InArchive()]; !strings.Contains(f, "sae_password=\""+secret+"\"") {
		t.Errorf("%s = %q, want the SAE password", layout.WiFiConfig.InArchive(), f)
	}
}

// TestBuildEAPConfigFile checks that relative certificate paths are read
// beside the configuration file and that the password is hashed.
func TestBuildEAPConfigFile(t *testing.T) {
	dir := t.TempDir()
	wpa := filepath.Join(dir, "wpa_supplicant.conf")
	text := "network={\n\tssid=\"eduroam\"\n\tkey_mgmt=WPA-EAP\n\teap=PEAP\n\tidentity=\"pi@example.org\"\n" +
		"\tpassword=\"clientPass\"\n\tca_cert=\"ca.pem\"\n\tdomain_suffix_match=\"example.org\"\n}\n"
	if err := os.WriteFile(wpa, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), []byte("THE CA"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "i.cpio.gz")
	files, printed := buildFiles(t, out, "--init", testutil.FakeInit(t), "--wifi-config", wpa)
	if files["etc/airroot/eap/0/ca.pem"] != "THE CA" {
		t.Errorf("ca.pem in the image = %q, want the file beside the configuration", files["etc/airroot/eap/0/ca.pem"])
	}
	if strings.Contains(printed, "clientPass") || strings.Contains(files[layout.WiFiConfig.InArchive()], "clientPass") {
		t.Error("the clear password was printed or stored")
	}
}
