package artifact

import (
	"bytes"
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

// TestEditCard: a file replaced in place (longer and shorter than before)
// reads back new, the card's other file and its MBR stay as they were.
func TestEditCard(t *testing.T) {
	for _, tool := range []string{"mkfs.fat", "mcopy", "mtype"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s (dosfstools, mtools)", tool)
		}
	}
	tests := []struct {
		name, edit string
	}{
		{name: "longer", edit: "network={\n\tssid=\"airroot-e2e-moved\"\n\tpsk=\"a new pass-phrase\"\n}\n"},
		{name: "shorter", edit: "network={}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "card.img")
			first := map[string][]byte{"wpa_supplicant.conf": []byte("network={\n\tssid=\"airroot-e2e\"\n}\n"), "box": []byte("the app")}
			if err := MakeCard(path, first); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := EditCard(path, map[string][]byte{"wpa_supplicant.conf": []byte(tt.edit)}); err != nil {
				t.Fatal(err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(before) || !bytes.Equal(after[:512], before[:512]) {
				t.Errorf("card after the edit: %d bytes, MBR changed %v; want %d bytes and the same MBR", len(after), !bytes.Equal(after[:512], before[:512]), len(before))
			}
			for name, want := range map[string]string{"wpa_supplicant.conf": tt.edit, "box": "the app"} {
				out, err := exec.Command("mtype", "-i", path+"@@1M", "::/"+name).CombinedOutput()
				if err != nil || string(out) != want {
					t.Errorf("mtype %s = %q, %v; want %q", name, out, err, want)
				}
			}
		})
	}
}
