package bootfolder

import (
	"errors"
	"fmt"

	"github.com/airroot/airroot/host/kernel"
)

// ErrNotARM reports a kernel for no CPU a Raspberry Pi has.
var ErrNotARM = errors.New("not an ARM kernel")

// Boards says, from the kernel's configuration, which Pis the boot folder
// starts: every board's device tree goes in, but the firmware starts the
// kernel on any board and an ARMv6-only kernel (Debian's rpi) cannot run
// on the Pi 2, 3, 4 or Zero 2 W, nor an ARMv7 or arm64 one (armmp, arm64)
// on the Pi 1, Zero or Zero W, and nothing then reaches the screen. "" for
// a kernel for all of them or when it cannot tell (no configuration, an ARM
// kernel without multi-platform); a kernel for another CPU (an amd64
// package) is refused.
func Boards(cfg kernel.Config) (string, error) {
	v6, v7 := cfg.BuiltIn("CONFIG_ARCH_MULTI_V6"), cfg.BuiltIn("CONFIG_ARCH_MULTI_V7")
	switch {
	case cfg == nil, cfg.BuiltIn("CONFIG_ARM") && v6 == v7: // both, or a kernel older than ARM's multi-platform
		return "", nil
	case cfg.BuiltIn("CONFIG_ARM64"):
		return "a Pi 3, Pi 4 or Zero 2 W (arm64), not the ARMv6 Pi 1, Zero and Zero W (use linux-image-rpi, armel, for those)", nil
	case cfg.BuiltIn("CONFIG_ARM") && v6:
		return "the ARMv6 Pi 1, Zero and Zero W only, not a Pi 2, 3, 4 or Zero 2 W (use linux-image-armmp or -arm64 for those)", nil
	case cfg.BuiltIn("CONFIG_ARM") && v7:
		return "a Pi 2 or Pi 3 (ARMv7), not the ARMv6 Pi 1, Zero and Zero W (use linux-image-rpi, armel, for those)", nil
	}
	return "", fmt.Errorf("boot folder: the kernel's configuration has neither CONFIG_ARM nor CONFIG_ARM64: %w; a Pi needs linux-image-rpi (armel), -armmp (armhf) or -arm64", ErrNotARM)
}
