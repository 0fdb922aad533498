package artifact

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/u-root/u-root/pkg/cpio"
)

func TestMain(m *testing.M) {
	switch os.Getenv(testutil.HelperEnv) {
	case "silent":
		os.Exit(0) // a tool that prints no usage text
	case "airroot":
		fakeAirroot(os.Args[1:])
	default:
		os.Exit(m.Run())
	}
}

// fakeAirroot answers "build --init F --modules-dir D --modules M [--wifi-config W] -o OUT"
// with a gzip'd newc archive holding /init (F's bytes), a file naming the modules and W.
func fakeAirroot(args []string) {
	fs := flag.NewFlagSet("airroot build", flag.ExitOnError)
	initPath := fs.String("init", "", "")
	fs.String("modules-dir", "", "")
	modules := fs.String("modules", "", "")
	out := fs.String("o", "", "")
	wifiConfig := fs.String("wifi-config", "", "")
	if len(args) == 0 || args[0] != "build" {
		fmt.Fprintln(os.Stderr, "fake airroot: want build")
		os.Exit(2)
	}
	_ = fs.Parse(args[1:])
	initData, err := os.ReadFile(*initPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	records := []cpio.Record{
		FileRecord("init", initData, 0o755),
		FileRecord("etc/modules-load.d/airroot.conf", []byte(strings.ReplaceAll(*modules, ",", "\n")+"\n"), 0o644),
	}
	if *wifiConfig != "" {
		data, err := os.ReadFile(*wifiConfig)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		records = append(records, FileRecord("etc/airroot/wpa_supplicant.conf", data, 0o600))
	}
	zw := gzip.NewWriter(f)
	err = WriteArchive(zw, records)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("fake airroot: wrote", *out)
	os.Exit(0)
}

// writeSysroot writes a MapFS sysroot, symbolic links included, into a folder.
func writeSysroot(t *testing.T, files fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if f.Mode&fs.ModeSymlink != 0 {
			err = os.Symlink(string(f.Data), p)
		} else {
			err = os.WriteFile(p, f.Data, f.Mode.Perm())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
