package initramfs

import "github.com/airroot/airroot/init/layout"

// InitrdRelease is /etc/initrd-release: os-release(5) fields naming the
// initramfs. It is how programs tell that they run from an initrd: systemd's
// in_initrd() and its initrd units (initrd.target, initrd-switch-root.service)
// test it, and systemd's ROOT_STORAGE_DAEMONS.md has a root-storage daemon
// test it before it puts '@' in front of its argv[0]. airroot's PID 1 does not
// read it (it knows where it runs), and what spares the keeper from systemd's
// final kill is its argv[0] alone ("@airroot", see keeper.Name), not this
// file. /etc/os-release links to it so that tools that read only os-release
// find it too. It holds no version, so that builds stay reproducible.
const InitrdRelease = `NAME=airroot
ID=airroot
PRETTY_NAME="airroot initramfs"
`

func (b *builder) addRelease() error {
	b.a.File(layout.InitrdRelease.InArchive(), []byte(InitrdRelease), 0o644, "says this is an initrd (systemd's convention)")
	b.a.Symlink("etc/os-release", "initrd-release", "os-release for tools that read only that")
	return nil
}
