// Package mdev is airroot's replacement for busybox mdev: it listens to the
// kernel's uevents, loads the modules their MODALIAS names, feeds firmware to
// drivers that ask for it and applies mdev.conf rules to the nodes devtmpfs
// creates, until the boot switches to the real root.
//
// Commands in mdev.conf (@ after the node is made, $ before it is removed,
// * both) run as busybox mdev runs them: through /bin/sh -c in /dev, with
// the uevent's variables and MDEV in the environment (see Daemon.Shell).
// An initramfs without /bin/sh cannot run them: the daemon names each such
// rule once when it starts. The variables come from the kernel: quote them
// in commands ("$MDEV").
package mdev
