package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// Feature is a part of /init that only some users need, named by the packages
// that bring it in: without them, every package that only they import goes too.
type Feature struct {
	Name string `json:"name"`
	// Roots are the packages cut from the import graph.
	Roots []string `json:"roots"`
	// Packages are the roots and every package only they import, largest first.
	Packages []string `json:"packages"`
	// Bytes sums the Packages' symbols (PackageSizes.Packages): a floor on what
	// dropping the feature would save, before the runtime tables that shrink with it.
	Bytes int64 `json:"bytes"`
}

// InitFeatures are /init's optional parts, each with the packages that bring it.
var InitFeatures = []Feature{
	{Name: "WPA2-Enterprise (802.1X: PEAP, TTLS, EAP-TLS; crypto/tls and X.509)",
		Roots: []string{"github.com/airroot/airroot/netboot/eap/eaptls", "crypto/tls", "crypto/x509"}},
	{Name: "WPA3-Personal (SAE groups 19-21: filippo.io/nistec and bigmod)", Roots: []string{"github.com/airroot/airroot/netboot/wpa/sae"}},
	{Name: "compressed modules decompressed by /init (.ko.zst, .ko.xz, .ko.gz)",
		Roots: []string{"github.com/klauspost/compress/zstd", "github.com/ulikunitz/xz", "github.com/ulikunitz/xz/lzma", "compress/gzip"}},
	{Name: "mdev.conf rules (regular expressions)", Roots: []string{"regexp"}},
	{Name: "JSON: the PID 1-keeper protocol, the keeper's state and the timeline", Roots: []string{"encoding/json"}},
	{Name: "DHCP message encoding (insomniacslk/dhcp)", Roots: []string{"github.com/insomniacslk/dhcp/dhcpv4"}},
}

// ImportGraph maps each package to the packages it imports.
type ImportGraph map[string][]string

// ParseImportGraph reads `go list -deps -f '{{.ImportPath}} {{join .Imports " "}}'`:
// one package a line, then its imports.
func ParseImportGraph(out []byte) ImportGraph {
	g := ImportGraph{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 {
			g[f[0]] = append(g[f[0]], f[1:]...)
		}
	}
	return g
}

// reachable returns the packages root imports, directly or not, without
// going through cut.
func (g ImportGraph) reachable(root string, cut []string) map[string]bool {
	seen := map[string]bool{root: true}
	stack := []string{root}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, q := range g[p] {
			if !seen[q] && !slices.Contains(cut, q) {
				seen[q] = true
				stack = append(stack, q)
			}
		}
	}
	return seen
}

// Cost fills f's Packages and Bytes: what leaves root's import graph with
// f's roots, weighed by sizes.
func (g ImportGraph) Cost(root string, f Feature, sizes []PackageSize) Feature {
	all, without := g.reachable(root, nil), g.reachable(root, f.Roots)
	f.Packages, f.Bytes = nil, 0
	for _, s := range sizes { // largest first
		if all[s.Package] && !without[s.Package] {
			f.Packages = append(f.Packages, s.Package)
			f.Bytes += s.Bytes
		}
	}
	return f
}

// MeasureFeatures weighs InitFeatures in /init for PackagePlatform, with the
// package sizes ps.
func MeasureFeatures(ctx context.Context, repoRoot string, ps PackageSizes) ([]Feature, error) {
	g, err := InitImportGraph(ctx, repoRoot)
	if err != nil {
		return nil, err
	}
	var fs []Feature
	for _, f := range InitFeatures {
		fs = append(fs, g.Cost(InitPackage, f, ps.Packages))
	}
	return fs, nil
}

// InitPackage is /init's main package.
const InitPackage = "github.com/airroot/airroot/cmd/init"

// InitImportGraph lists /init's import graph for PackagePlatform.
func InitImportGraph(ctx context.Context, repoRoot string) (ImportGraph, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./cmd/init")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+PackagePlatform.GOARCH, "GOARM="+PackagePlatform.GOARM, "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("list /init's imports: %w", err)
	}
	return ParseImportGraph(out), nil
}

func writeFeatures(w *strings.Builder, fs []Feature) {
	if len(fs) == 0 {
		return
	}
	w.WriteString("What each optional part brings: the packages that leave /init's import graph without it, " +
		"and their symbols' size (a floor: the runtime tables shrink with them too).\n\n")
	w.WriteString("| part | KiB | packages |\n|---|---|---|\n")
	for _, f := range fs {
		fmt.Fprintf(w, "| %s | %.1f | %d: `%s` |\n", f.Name, float64(f.Bytes)/1024, len(f.Packages), strings.Join(f.Packages, "`, `"))
	}
	w.WriteString("\n")
}
