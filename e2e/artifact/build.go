package artifact

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// repoModule is the airroot module path; findRepoRoot looks for its go.mod.
const repoModule = "github.com/airroot/airroot"

// RepoRoot is findRepoRoot from the working directory: the repository the
// tests, the demo and the benchmark run in.
func RepoRoot() (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return findRepoRoot(cwd)
}

// findRepoRoot walks up from dir to the folder whose go.mod declares repoModule.
func findRepoRoot(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && declaresModule(data, repoModule) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("find repository root: no go.mod for %s in %s or above", repoModule, dir)
		}
	}
}

func declaresModule(gomod []byte, module string) bool {
	for _, line := range strings.Split(string(gomod), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" && strings.Trim(fields[1], `"`) == module {
			return true
		}
	}
	return false
}

// BuildGuest builds the e2e guest program for linux/arm (GOARM=6, static) into out.
func BuildGuest(ctx context.Context, repoRoot, out string) error {
	return buildARM(ctx, repoRoot, "./e2e/guest", out)
}

// BuildFixture builds the Wi-Fi scenarios' access-point fixture for linux/arm (GOARM=6,
// static) into out.
func BuildFixture(ctx context.Context, repoRoot, out string) error {
	return buildARM(ctx, repoRoot, "./e2e/fixture", out)
}

func buildARM(ctx context.Context, repoRoot, pkg, out string) error {
	return BuildStatic(ctx, repoRoot, pkg, out, "arm", "6")
}

// BuildStatic builds pkg for linux/goarch (goarm for arm) as the Makefile builds
// /init: static (CGO_ENABLED=0), -trimpath, -ldflags "-s -w".
func BuildStatic(ctx context.Context, repoRoot, pkg, out, goarch, goarm string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "GOARM="+goarm, "CGO_ENABLED=0")
	var printed bytes.Buffer
	cmd.Stdout, cmd.Stderr = &printed, &printed
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build %s for linux/%s: %w: %s", pkg, goarch, err, bytes.TrimSpace(printed.Bytes()))
	}
	return nil
}

// TakesWiFiConfig reports whether the airroot host tool's build command has the
// --wifi-config flag, from its usage text.
func TakesWiFiConfig(ctx context.Context, airroot string) bool {
	out, _ := exec.CommandContext(ctx, airroot, "build", "-h").CombinedOutput() // -h exits non-zero
	return bytes.Contains(out, []byte("-wifi-config"))
}

// CheckBuilt reports which of the binaries under test are missing, naming the make
// target that builds them.
func CheckBuilt(paths ...string) error {
	var errs []error
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			errs = append(errs, fmt.Errorf("%w (run `make all` first)", err))
		}
	}
	return errors.Join(errs...)
}
