package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/airroot/airroot/host/atomicfile"
)

// Report is out/bench/report.json: every figure BENCHMARKS.md shows, the raw runs
// behind them and how they were taken.
type Report struct {
	Generated   time.Time            `json:"generated"`
	Environment Environment          `json:"environment"`
	Userland    []UserlandComparison `json:"userland"`
	InitSizes   []InitSize           `json:"init_sizes"`
	// InitPackages splits /init by Go package; absent in reports made before it.
	InitPackages *PackageSizes `json:"init_packages,omitempty"`
	// InitFeatures weighs /init's optional parts.
	InitFeatures []Feature `json:"init_features,omitempty"`
	// Boot is absent until boots ran.
	Boot *BootReport `json:"boot,omitempty"`
	// Appliance is the seed-004 comparison; absent until its boots ran.
	Appliance *ApplianceReport `json:"appliance,omitempty"`
	Goals     []Goal           `json:"goals"`
	// Method says how the figures were taken and what differs between the variants.
	Method []string `json:"method"`
}

// Environment is where the figures were taken.
type Environment struct {
	GoVersion string `json:"go_version"`
	QEMU      string `json:"qemu,omitempty"`
	HostCPUs  int    `json:"host_cpus"`
	// Kernels are the Debian kernel packages booted, by board.
	Kernels map[string]string `json:"kernels,omitempty"`
}

// UserlandComparison weighs airroot's /init against the seed's userland for one
// Debian architecture; kernel modules and firmware are left out of both.
type UserlandComparison struct {
	Arch     string   `json:"arch"`
	Boards   []string `json:"boards"`
	Packages []string `json:"packages"`
	Seed     Size     `json:"seed"`
	// SeedSupportBytes are dhcpcd's configuration and hook scripts, which the seed's
	// initramfs also carries; they are not counted in Seed.
	SeedSupportBytes int64  `json:"seed_support_bytes"`
	Airroot          Size   `json:"airroot"`
	AirrootInit      string `json:"airroot_init"`
	// SeedPinnedBytes and AirrootPinnedBytes are the initramfs files that the
	// processes outliving switch_root keep mapped (wpa_supplicant and dhcpcd with
	// their loader and libraries; airroot's /init, which the keeper runs): the
	// initramfs lives in RAM, so switch_root deletes them but cannot free them.
	SeedPinnedBytes    int64 `json:"seed_pinned_bytes"`
	AirrootPinnedBytes int64 `json:"airroot_pinned_bytes"`
	// BytesRatio and GzipRatio are airroot's size over the seed's.
	BytesRatio *float64 `json:"bytes_ratio"`
	GzipRatio  *float64 `json:"gzip_ratio"`
}

// InitSize is airroot's /init built for one platform.
type InitSize struct {
	Platform Platform `json:"platform"`
	Bytes    int64    `json:"bytes"`
	// GzipBytes is the binary alone as /init in a newc archive, gzip level 9.
	GzipBytes int64 `json:"gzip9_bytes"`
}

// GoalStatus says whether a goal was met.
type GoalStatus string

const (
	GoalMet         GoalStatus = "met"
	GoalNotMet      GoalStatus = "not met"
	GoalNotMeasured GoalStatus = "not measured"
)

// Goal is one of the targets, stated by the report, never asserted by a test.
type Goal struct {
	Name   string     `json:"name"`
	Scope  string     `json:"scope"` // a board or an architecture
	Want   string     `json:"want"`
	Value  *float64   `json:"value,omitempty"`
	Status GoalStatus `json:"status"`
	Detail string     `json:"detail"`
}

// WriteJSON writes v as indented JSON to path through a temporary file renamed into
// place.
func WriteJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return WriteFileAtomic(path, append(data, '\n'))
}

// ReadReport reads a report written by WriteJSON.
func ReadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read bench report: %w", err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("read bench report %s: %w", path, err)
	}
	return &r, nil
}

// WriteFileAtomic writes data to path through a temporary file renamed into place
// (host/atomicfile), making path's folder first.
func WriteFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.Write(path, data, 0o644)
}
