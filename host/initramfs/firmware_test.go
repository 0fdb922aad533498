package initramfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/host/kernel"
	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

// firmwareTree is a linux-firmware tree with links as linux-firmware has
// them: a board file linking to another in the same folder, a chip file
// linking to another vendor's folder.
func firmwareTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"rtlwifi/rtl8192cufw_TMSC.bin":                          "tmsc",
		"rtlwifi/rtl8192cufw.bin.xz":                            "xz'd",
		"brcm/brcmfmac43430-sdio.bin":                           "->../cypress/cyfmac43430-sdio.bin",
		"cypress/cyfmac43430-sdio.bin":                          "cypress",
		"brcm/brcmfmac43430-sdio.raspberrypi,3-model-b.txt":     "nvram",
		"brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt":  "->brcmfmac43430-sdio.raspberrypi,3-model-b.txt",
		"brcm/brcmfmac43455-sdio.raspberrypi,4-model-b.txt":     "nvram 4",
		"brcm/brcmfmac43455-sdio.raspberrypi,4-model-b.bin":     "not named",
		"brcm/brcmfmac43430-sdio.raspberrypi,model-zero-2-w.tx": "no",
		"unused.bin": "unused",
	})
	return dir
}

func buildWiFi(t *testing.T, spec Spec) (*Archive, []string) {
	t.Helper()
	spec.Init = testutil.FakeInit(t)
	if spec.ModulesDir == "" {
		spec.ModulesDir = wifiModulesTree(t)
	}
	a, warnings, err := Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	return a, warnings
}

// firmwareEntries lists the archive's firmware: name (-> link) : why.
func firmwareEntries(a *Archive) map[string]string {
	got := map[string]string{}
	for _, e := range a.Entries() {
		if name, ok := strings.CutPrefix(e.Name, "lib/firmware/"); ok {
			if e.Link != "" {
				name += " -> " + e.Link
			}
			got[name] = e.Why
		}
	}
	return got
}

func TestBuildFirmware(t *testing.T) {
	dir := firmwareTree(t)
	a, warnings := buildWiFi(t, Spec{
		Modules:  []string{"rtl8192cu", "brcmfmac"},
		Firmware: os.DirFS(dir), FirmwareWhere: dir,
		KernelConfig: kernel.Config{"CONFIG_FW_LOADER_COMPRESS_ZSTD": "y"},
	})
	want := map[string]string{
		"rtlwifi/rtl8192cufw_TMSC.bin":                                   "firmware, named by rtl8192cu",
		"rtlwifi/rtl8192cufw.bin.xz":                                     "firmware, named by rtl8192cu",
		"brcm/brcmfmac43430-sdio.bin -> ../cypress/cyfmac43430-sdio.bin": "firmware link, named by brcmfmac",
		"cypress/cyfmac43430-sdio.bin":                                   "firmware, target of brcm/brcmfmac43430-sdio.bin",
		"brcm/brcmfmac43430-sdio.raspberrypi,3-model-b.txt":              "firmware, named by brcmfmac, target of brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt",
		"brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt -> brcmfmac43430-sdio.raspberrypi,3-model-b.txt": "firmware link, named by brcmfmac",
		"brcm/brcmfmac43455-sdio.raspberrypi,4-model-b.txt":                                                    "firmware, named by brcmfmac",
	}
	if diff := cmp.Diff(want, firmwareEntries(a)); diff != "" {
		t.Errorf("firmware (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"firmware rtlwifi/rtl8192cufw.bin.xz is compressed but the kernel lacks CONFIG_FW_LOADER_COMPRESS_XZ=y: it cannot load it",
		"module rtl8192cu: 1 of the 3 firmware files it names are not in " + dir + " (it needs only its chip's): rtlwifi/rtl8192cufw_A.bin",
		"module brcmfmac: 1 of the 3 firmware files it names are not in " + dir + " (it needs only its chip's): brcm/brcmfmac4356-sdio.bin",
	}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestBuildFirmwareFilter(t *testing.T) {
	dir := firmwareTree(t)
	a, warnings := buildWiFi(t, Spec{
		Modules:  []string{"rtl8192cu", "brcmfmac"},
		Firmware: os.DirFS(dir), FirmwareWhere: dir,
		FirmwareFilter: []string{"brcm/brcmfmac43430-sdio.*", "nothing*"},
	})
	var names []string
	for name := range firmwareEntries(a) {
		names = append(names, name)
	}
	want := []string{
		"brcm/brcmfmac43430-sdio.bin -> ../cypress/cyfmac43430-sdio.bin",
		"brcm/brcmfmac43430-sdio.raspberrypi,3-model-b.txt",
		"brcm/brcmfmac43430-sdio.raspberrypi,model-zero-w.txt -> brcmfmac43430-sdio.raspberrypi,3-model-b.txt",
		"cypress/cyfmac43430-sdio.bin", // a link's target goes in whatever the filter says
	}
	if diff := cmp.Diff(want, names, sortStrings); diff != "" {
		t.Errorf("firmware (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"--firmware nothing* matched no firmware file the modules name"}, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestBuildFirmwareNoTree(t *testing.T) {
	a, warnings := buildWiFi(t, Spec{Modules: []string{"rtl8192cu"}})
	if got := firmwareEntries(a); len(got) != 0 {
		t.Errorf("firmware without a tree: %v", got)
	}
	want := []string{"module rtl8192cu names firmware (rtlwifi/rtl8192cufw_TMSC.bin, rtlwifi/rtl8192cufw_A.bin, rtlwifi/rtl8192cufw.bin) but no --firmware-dir was given: none goes in"}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestBuildFirmwareNoneFound(t *testing.T) {
	dir := t.TempDir()
	_, warnings := buildWiFi(t, Spec{Modules: []string{"rtl8192cu"}, Firmware: os.DirFS(dir), FirmwareWhere: dir})
	want := []string{"module rtl8192cu: none of the firmware files it names is in " + dir +
		": rtlwifi/rtl8192cufw_TMSC.bin, rtlwifi/rtl8192cufw_A.bin, rtlwifi/rtl8192cufw.bin"}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestMatchFirmware(t *testing.T) {
	fsys := fstest.MapFS{
		"a/x.bin":     {Data: []byte("x")},
		"a/y.bin.zst": {Data: []byte("y")},
		"a/y.bin.xz":  {Data: []byte("y")},
		"a/z.bin.xz":  {Data: []byte("z")},
		"b/c-1.txt":   {Data: []byte("1")},
		"b/c-2.txt":   {Data: []byte("2")},
	}
	tests := []struct {
		name    string
		want    []string
		wantErr bool
	}{
		{name: "a/x.bin", want: []string{"a/x.bin"}},
		{name: "/a/x.bin", want: []string{"a/x.bin"}},
		{name: "a/y.bin", want: []string{"a/y.bin.zst"}},
		{name: "a/z.bin", want: []string{"a/z.bin.xz"}},
		{name: "a/none.bin"},
		{name: "b/c-*.txt", want: []string{"b/c-1.txt", "b/c-2.txt"}},
		{name: "a/[x", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MatchFirmware(fsys, tt.name)
			if (err != nil) != tt.wantErr {
				t.Fatalf("MatchFirmware error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFirmwareLinkOutsideTree checks that a link leaving the tree (Debian's
// regulatory.db -> /etc/alternatives/...) goes in as the file it reaches.
func TestFirmwareLinkOutsideTree(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "regulatory.db-debian")
	if err := os.WriteFile(outside, []byte("regdb"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"regulatory.db": "->" + outside, "up.bin": "->../elsewhere"})
	set := &firmwareSet{fsys: os.DirFS(dir), files: map[string]*firmwareFile{}}
	if err := set.add("regulatory.db", "cfg80211", "", 0); err != nil {
		t.Fatal(err)
	}
	f := set.files["regulatory.db"]
	if f == nil || f.link != "" || string(f.data) != "regdb" {
		t.Errorf("regulatory.db = %+v, want the file's content, not a link", f)
	}
	if err := set.add("up.bin", "x", "", 0); err == nil {
		t.Error("a dangling link leaving the tree: no error")
	}
}
