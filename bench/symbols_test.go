package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSymbolPackage(t *testing.T) {
	tests := []struct{ symbol, want string }{
		{"github.com/vishvananda/netlink.(*Handle).prepareRouteReq", "github.com/vishvananda/netlink"},
		{"runtime.mallocgc", "runtime"},
		{"crypto/internal/fips140/nistec/fiat.p521Mul", "crypto/internal/fips140/nistec/fiat"},
		{"slices.SortFunc[go.shape.string]", "slices"},
		{"slices.Sort[[]github.com/x/y.T]", "slices"},
		{"type:*os.File", "os"},
		{"type:.eq.github.com/airroot/airroot/netboot/wpa.Key", "github.com/airroot/airroot/netboot/wpa"},
		{"go:itab.*os.File,io.Reader", "os"},
		{"go:itab.golang.org/x/sys/unix.SockaddrNetlink,golang.org/x/sys/unix.Sockaddr", "golang.org/x/sys/unix"},
		{"go:func.*", "func"},
		{"github.com/airroot/airroot/init.Boot.func1", "github.com/airroot/airroot/init"},
		{"gopkg.in/yaml.v3.Unmarshal", "gopkg.in/yaml"},
		{"runtime", "runtime"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SymbolPackage(tt.symbol); got != tt.want {
			t.Errorf("SymbolPackage(%q) = %q, want %q", tt.symbol, got, tt.want)
		}
	}
}

func FuzzSymbolPackage(f *testing.F) {
	for _, s := range []string{"runtime.main", "type:*a/b.c", "go:itab.*x.y,z.w", "a/b.c[d/e.f]", "*", "type:.eq."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		p := SymbolPackage(name)
		if strings.ContainsAny(p, "[,") || !strings.Contains(name, p) {
			t.Errorf("SymbolPackage(%q) = %q: want a part of the name without type arguments or a second itab type", name, p)
		}
	})
}

func TestMeasureInitPackages(t *testing.T) {
	repo := repoForGo(t, "builds /init for linux/arm")
	ps, err := MeasureInitPackages(context.Background(), repo, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	var sum int64
	for i, p := range ps.Packages {
		got[p.Package] = p.Bytes
		sum += p.Bytes
		if i > 0 && p.Bytes > ps.Packages[i-1].Bytes {
			t.Errorf("package %s (%d bytes) after %s (%d): want largest first", p.Package, p.Bytes, ps.Packages[i-1].Package, ps.Packages[i-1].Bytes)
		}
	}
	for _, want := range []string{"runtime", "github.com/airroot/airroot/init", "github.com/airroot/airroot/netboot/keeper"} {
		if got[want] <= 0 {
			t.Errorf("package %s weighs %d bytes in /init, want > 0", want, got[want])
		}
	}
	if sum != ps.Attributed || ps.Unattributed < 0 {
		t.Errorf("packages sum to %d, Attributed %d, Unattributed %d: want the sum and a rest >= 0", sum, ps.Attributed, ps.Unattributed)
	}
}

func TestMeasurePackagesNotELF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "init")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := MeasurePackages(path, PackagePlatform); err == nil {
		t.Error("MeasurePackages of a shell script: want an error")
	}
}

func TestWritePackageSizes(t *testing.T) {
	ps := &PackageSizes{Platform: PackagePlatform, Unattributed: 1024}
	for i := range packageRows + 2 {
		ps.Packages = append(ps.Packages, PackageSize{Package: "p" + string(rune('a'+i)), Bytes: 2048})
		ps.Attributed += 2048
	}
	var w strings.Builder
	writePackageSizes(&w, ps)
	md := w.String()
	for _, want := range []string{"| `pa` | 2.0 |", "| 2 other packages | 4.0 |", "| runtime tables, unsized type and string data | 1.0 |", "make size"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "`p"+string(rune('a'+packageRows))+"`") {
		t.Errorf("Markdown lists more than %d packages:\n%s", packageRows, md)
	}
	var none strings.Builder
	writePackageSizes(&none, nil)
	if none.Len() != 0 {
		t.Errorf("no package sizes rendered %q, want nothing", none.String())
	}
}
