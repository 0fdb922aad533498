package netboot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeNFSSysfs makes the two files setNFSClientID reads under a temporary
// root; a value of "-" leaves that file out.
func fakeNFSSysfs(t *testing.T, identifier, param string) string {
	t.Helper()
	root := t.TempDir()
	for path, v := range map[string]string{nfsIdentifierFile: identifier, nfsUniqueIDParam: param} {
		if v == "-" {
			continue
		}
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestSetNFSClientID(t *testing.T) {
	tests := []struct {
		name              string
		identifier, param string
		value             string
		want              string // the identifier setNFSClientID returns
		wantBy            string // and what set it before, if anything
		wantFile          string // the identifier file afterwards
		wantErr           string
	}{
		{"fresh kernel", "(null)\n", "\n", "airroot-mac-52:54:00:f1:ee:01", "airroot-mac-52:54:00:f1:ee:01", "", "airroot-mac-52:54:00:f1:ee:01\n", ""},
		{"empty identifier", "\n", "-", "airroot-serial-1", "airroot-serial-1", "", "airroot-serial-1\n", ""},
		{"the user's nfs.nfs4_unique_id= kept", "(null)\n", "rack3-slot7\n", "airroot-serial-1", "rack3-slot7", "nfs.nfs4_unique_id=", "(null)\n", ""},
		{"identifier set already", "5f0c9a7e-uuid\n", "\n", "airroot-serial-1", "5f0c9a7e-uuid", "/sys/fs/nfs/net/nfs_client/identifier", "5f0c9a7e-uuid\n", ""},
		{"old kernel", "-", "\n", "airroot-serial-1", "", "", "", "Linux 5.11 or later"},
		{"nothing to make one from", "(null)\n", "\n", "", "", "", "(null)\n", "neither a serial number nor a MAC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fakeNFSSysfs(t, tt.identifier, tt.param)
			got, by, err := setNFSClientID(root, tt.value)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("setNFSClientID: err %v, want one saying %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatalf("setNFSClientID: %v", err)
			}
			if got != tt.want || by != tt.wantBy {
				t.Errorf("setNFSClientID = %q (set by %q), want %q (set by %q)", got, by, tt.want, tt.wantBy)
			}
			if tt.wantFile == "" {
				return
			}
			b, err := os.ReadFile(filepath.Join(root, nfsIdentifierFile))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.wantFile {
				t.Errorf("identifier file holds %q, want %q", b, tt.wantFile)
			}
		})
	}
}
