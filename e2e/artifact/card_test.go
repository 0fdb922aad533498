package artifact

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/airroot/airroot/init/bootpart"
)

// TestMakeCard checks the card as PID 1 reads it: the MBR's PARTUUID, the
// FAT label, and a file mtools reads back.
func TestMakeCard(t *testing.T) {
	for _, tool := range []string{"mkfs.fat", "mcopy", "mtype"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s (dosfstools, mtools)", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "card.img")
	if err := MakeCard(path, map[string][]byte{"wpa_supplicant.conf": []byte("network={}\n")}); err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := bootpart.MBRPartUUIDs(img[:512])[1]; got != "a1b2c3d4-01" {
		t.Errorf("PARTUUID of partition 1 = %q, want a1b2c3d4-01", got)
	}
	if label, fat := bootpart.FATLabel(img[cardPartStart*512:]); !fat || label != CardLabel {
		t.Errorf("partition 1: FAT %v, label %q; want FAT %q", fat, label, CardLabel)
	}
	out, err := exec.Command("mtype", "-i", path+"@@"+"1M", "::/wpa_supplicant.conf").CombinedOutput()
	if err != nil || string(out) != "network={}\n" {
		t.Errorf("mtype wpa_supplicant.conf = %q, %v", out, err)
	}
}
