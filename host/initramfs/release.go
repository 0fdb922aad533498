package initramfs

import "github.com/airroot/airroot/init/layout"

// InitrdRelease is /etc/initrd-release: os-release(5) fields naming the
// initramfs. Its presence tells systemd, and airroot's PID 1, that they run
// in an initrd (systemd then spares the processes whose argv[0] starts with
// '@' at switch-root); /etc/os-release links to it so that tools that read
// only os-release find it too. It holds no version, so that builds stay
// reproducible.
const InitrdRelease = `NAME=airroot
ID=airroot
PRETTY_NAME="airroot initramfs"
`

func (b *builder) addRelease() error {
	b.a.File(layout.InitrdRelease.InArchive(), []byte(InitrdRelease), 0o644, "says this is an initrd (systemd's convention)")
	b.a.Symlink("etc/os-release", "initrd-release", "os-release for tools that read only that")
	return nil
}
