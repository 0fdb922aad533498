package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/airroot/airroot/e2e/harness"
	"github.com/airroot/airroot/init/layout"
	"github.com/u-root/u-root/pkg/cpio"
)

// initramfs writes the variant's initramfs for scenario s on board b to out: the
// variant's own archive, then the access point's files (Wi-Fi), the same for all.
func (r *Rig) initramfs(ctx context.Context, bt Boot, s harness.Scenario, b harness.Board, k harness.KernelFiles, port int, out string) error {
	var extra []cpio.Record
	if s.AccessPoint != nil {
		ap := AccessPointParts{Fixture: r.Fixture, Hostapd: r.Hostapd[b.Kernel.Arch], Index: r.Indexes[bt.Board], Modules: k}
		var err error
		if extra, err = ap.Records(s, b); err != nil {
			return err
		}
	}
	if bt.Variant == VariantAirroot {
		return r.airrootInitramfs(ctx, s, b, k, extra, out)
	}
	return r.seedInitramfs(bt, s, b, k, port, extra, out)
}

func (r *Rig) airrootInitramfs(ctx context.Context, s harness.Scenario, b harness.Board, k harness.KernelFiles, extra []cpio.Record, out string) error {
	spec := harness.InitramfsSpec{
		Airroot: r.Airroot, Init: r.Init, ModulesDir: k.ModulesDir,
		Modules: StationModules(s, b), Extra: extra,
	}
	if s.Station != nil {
		if r.WiFiConfigFlag {
			spec.WiFiConfig = filepath.Join(filepath.Dir(out), "wpa_supplicant.conf")
			if err := os.WriteFile(spec.WiFiConfig, []byte(s.Station.Config), 0o600); err != nil {
				return fmt.Errorf("write the station's configuration: %w", err)
			}
		} else {
			spec.Extra = append(spec.Extra, harness.FileRecord(layout.WiFiConfig.Path, []byte(s.Station.Config), 0o600))
		}
	}
	_, err := harness.BuildInitramfs(ctx, spec, out)
	return err
}

func (r *Rig) seedInitramfs(bt Boot, s harness.Scenario, b harness.Board, k harness.KernelFiles, port int, extra []cpio.Record, out string) error {
	u, ok := r.Seed[b.Kernel.Arch]
	if !ok {
		return fmt.Errorf("seed initramfs for %s: no seed userland for %s", bt.Board, b.Kernel.Arch)
	}
	p := strconv.Itoa(port)
	spec := SeedInitramfs{
		Script: SeedScript{
			Tuned:  bt.Variant == VariantSeedTuned,
			Server: harness.ServerAddr, Export: "/",
			Options: "vers=3,proto=tcp,port=" + p + ",mountport=" + p + ",mountproto=tcp,addr=" + harness.ServerAddr,
		},
		Userland: u, ModulesDir: k.ModulesDir, Index: r.Indexes[bt.Board], Release: b.Kernel.Release,
		Modules: StationModules(s, b),
	}
	if s.Station != nil {
		spec.WiFiConfig = s.Station.Config
	} else {
		spec.Script.WiredNIC = b.NIC
	}
	a, err := spec.Archive()
	if err != nil {
		return err
	}
	return WriteInitramfs(out, a, extra)
}
