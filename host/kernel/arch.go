package kernel

import (
	"bytes"
	"compress/gzip"
	"io"
)

// arm64ImageMagic is "ARM\x64" at offset 56 of an arm64 Image header
// (Documentation/arch/arm64/booting.rst).
var arm64ImageMagic = []byte("ARM\x64")

// Arm64 reports whether the kernel is an arm64 one: from CONFIG_ARM64 when
// the configuration is known, else from the image's header (Debian's arm64
// vmlinuz is a gzip'd Image).
func (k *Kernel) Arm64() bool {
	if k.Config != nil {
		return k.Config.BuiltIn("CONFIG_ARM64")
	}
	return IsArm64Image(k.Image)
}

// IsArm64Image reports whether image is an arm64 Image, bare or gzip'd.
func IsArm64Image(image []byte) bool {
	head := image
	if bytes.HasPrefix(image, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(image))
		if err != nil {
			return false
		}
		head, _ = io.ReadAll(io.LimitReader(zr, 64))
	}
	return len(head) >= 60 && bytes.Equal(head[56:60], arm64ImageMagic)
}
