// Package switchroot moves PID 1 from the initramfs into the real root
// filesystem, as busybox's switch_root and systemd do: check the new init,
// move the kernel filesystems, free the initramfs, make the new root / and
// exec its init.
package switchroot
