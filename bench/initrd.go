package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/e2e/scenario"
	"github.com/airroot/airroot/e2e/testbed"
	"github.com/airroot/airroot/init/layout"
	"github.com/u-root/u-root/pkg/cpio"
)

// initramfs writes the variant's initramfs for scenario s on board b to out: the
// variant's own archive, then the access point's files (Wi-Fi), the same for all.
func (r *Rig) initramfs(ctx context.Context, bt Boot, s scenario.Scenario, b machine.Board, k artifact.KernelFiles, port int, out string) error {
	var extra []cpio.Record
	if bed, ok := s.WiFiBed(b); ok {
		if r.rejoining(bt) {
			bed.RestartDownSeconds = RejoinDownSeconds
		}
		files := testbed.WiFiFiles{
			Fixture: r.Fixture, Hostapd: r.Hostapd[b.Kernel.Arch],
			Modules: r.Indexes[bt.Board], ModulesDir: k.ModulesDir, Release: b.Kernel.Release,
		}
		var err error
		if extra, err = files.Records(bed, s.StationModules(b)); err != nil {
			return err
		}
	}
	switch bt.Variant {
	case VariantAirroot:
		return r.airrootInitramfs(ctx, s, b, k, r.Init, extra, out)
	case VariantFloor: // airroot's initramfs, its modules and configuration, with the floor as /init
		return r.airrootInitramfs(ctx, s, b, k, r.Floor, extra, out)
	}
	return r.seedInitramfs(bt, s, b, k, port, extra, out)
}

func (r *Rig) airrootInitramfs(ctx context.Context, s scenario.Scenario, b machine.Board, k artifact.KernelFiles, init string, extra []cpio.Record, out string) error {
	spec := artifact.InitramfsSpec{
		Airroot: r.Airroot, Init: init, ModulesDir: k.ModulesDir,
		Modules: s.StationModules(b), Extra: extra,
	}
	if w, ok := s.Network.(scenario.WiFi); ok {
		if r.WiFiConfigFlag {
			spec.WiFiConfig = filepath.Join(filepath.Dir(out), "wpa_supplicant.conf")
			if err := os.WriteFile(spec.WiFiConfig, []byte(w.Station.Config), 0o600); err != nil {
				return fmt.Errorf("write the station's configuration: %w", err)
			}
		} else {
			spec.Extra = append(spec.Extra, artifact.FileRecord(layout.WiFiConfig.Path, []byte(w.Station.Config), 0o600))
		}
	}
	_, err := artifact.BuildInitramfs(ctx, spec, out)
	return err
}

func (r *Rig) seedInitramfs(bt Boot, s scenario.Scenario, b machine.Board, k artifact.KernelFiles, port int, extra []cpio.Record, out string) error {
	u, ok := r.Seed[b.Kernel.Arch]
	if !ok {
		return fmt.Errorf("seed initramfs for %s: no seed userland for %s", bt.Board, b.Kernel.Arch)
	}
	p := strconv.Itoa(port)
	spec := SeedInitramfs{
		Script: SeedScript{
			Tuned:  bt.Variant == VariantSeedTuned,
			Server: machine.HostAddr, Export: export(s),
			Options: "vers=3,proto=tcp,port=" + p + ",mountport=" + p + ",mountproto=tcp,addr=" + machine.HostAddr,
		},
		Userland: u, ModulesDir: k.ModulesDir, Index: r.Indexes[bt.Board], Release: b.Kernel.Release,
		Modules: s.StationModules(b),
	}
	if w, ok := s.Network.(scenario.WiFi); ok {
		spec.WiFiConfig = w.Station.Config
	} else {
		spec.Script.WiredNIC = b.NIC
	}
	a, err := spec.Archive()
	if err != nil {
		return err
	}
	return WriteInitramfs(out, a, extra)
}
