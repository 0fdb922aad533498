package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

// TestBuildFailureSaysNothingWritten: a build that fails while writing does
// not end its summary with "wrote ...".
func TestBuildFailureSaysNothingWritten(t *testing.T) {
	deb, init := testDeb(t), testutil.FakeInit(t)
	missing := filepath.Join(t.TempDir(), "no such folder")
	tests := []struct {
		name string
		args []string
	}{
		{name: "initramfs into a missing folder", args: []string{"-o", filepath.Join(missing, "initramfs.cpio.gz")}},
		{name: "boot folder with a refused command line", args: []string{"--out", missing, "--cmdline-extra", "ro"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			printed, err := runAirroot(t, "", append([]string{"build", "--init", init, "--kernel-deb", deb}, tt.args...)...)
			if err == nil {
				t.Fatalf("build: no error\n%s", printed)
			}
			if strings.Contains(printed, "wrote ") || strings.Contains(printed, "boot folder ") {
				t.Errorf("a failed build says it wrote something:\n%s", printed)
			}
		})
	}
}
