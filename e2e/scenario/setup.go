package scenario

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/airroot/airroot/e2e/artifact"
	"github.com/airroot/airroot/e2e/machine"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/modload"
)

// SetUp checks the binaries under test (out/airroot, out/init under repo) and the
// emulator, builds the guest into work and fetches the kernels of boards. Console logs
// go to outDir; logf receives progress lines (nil: none).
func SetUp(ctx context.Context, repo, outDir, work string, boards map[string]bool, logf func(string, ...any)) (*Env, error) {
	env := &Env{
		Airroot: filepath.Join(repo, "out", "airroot"),
		Init:    filepath.Join(repo, "out", "init"),
		Guest:   filepath.Join(work, "guest"),
		Kernels: map[string]artifact.KernelFiles{},
		Busybox: map[string]string{},
		OutDir:  outDir,
		Logf:    logf,
	}
	if err := artifact.CheckBuilt(env.Airroot, env.Init); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	if err := artifact.BuildGuest(ctx, repo, env.Guest); err != nil {
		return nil, err
	}
	cache, err := artifact.CacheDir()
	if err != nil {
		return nil, err
	}
	for name := range boards {
		b := machine.Boards[name]
		if _, err := exec.LookPath(b.QEMU); err != nil {
			return nil, fmt.Errorf("board %s needs %s (apt-get install qemu-system-arm): %w", name, b.QEMU, err)
		}
		k, err := artifact.FetchKernel(ctx, cache, b.Kernel)
		if err != nil {
			return nil, err
		}
		env.Kernels[name] = k
		if env.Busybox[b.Kernel.Arch], err = artifact.FetchBusybox(ctx, cache, b.Kernel.Arch); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// SetUpWiFi readies the Wi-Fi scenarios of boards (already set up by SetUp): it builds
// the access-point fixture into work, fetches hostapd and dnsmasq for each architecture
// and indexes each board's modules. No boards: nothing to do.
func (e *Env) SetUpWiFi(ctx context.Context, repo, work string, boards map[string]bool) error {
	if len(boards) == 0 {
		return nil
	}
	e.Fixture = filepath.Join(work, "fixture")
	if err := artifact.BuildFixture(ctx, repo, e.Fixture); err != nil {
		return err
	}
	cache, err := artifact.CacheDir()
	if err != nil {
		return err
	}
	e.Userland, e.Dnsmasq = map[string]artifact.Userland{}, map[string]artifact.Userland{}
	e.ModuleIndexes = map[string]*modload.Index{}
	for name := range boards {
		b := machine.Boards[name]
		if _, done := e.Userland[b.Kernel.Arch]; !done {
			for _, f := range []struct {
				what  string
				fetch func(context.Context, string, string) (artifact.Userland, error)
				into  map[string]artifact.Userland
			}{{"hostapd", artifact.FetchUserland, e.Userland}, {"dnsmasq", artifact.FetchDnsmasq, e.Dnsmasq}} {
				u, err := f.fetch(ctx, cache, b.Kernel.Arch)
				if err != nil {
					return err
				}
				f.into[b.Kernel.Arch] = u
				e.logf("wi-fi: %s for %s: %d files from %s; %d bytes stay in RAM while it runs",
					f.what, b.Kernel.Arch, len(u.Files), u.Sysroot, u.RunningBytes)
			}
		}
		ix, err := modload.OpenDir(e.Kernels[name].ModulesDir)
		if err != nil {
			return err
		}
		e.ModuleIndexes[name] = ix
	}
	e.WiFiConfigFlag = artifact.TakesWiFiConfig(ctx, e.Airroot)
	e.logf("wi-fi: airroot build --wifi-config supported: %v (otherwise the station's configuration goes in at %s)",
		e.WiFiConfigFlag, layout.WiFiConfig.Path)
	return nil
}
