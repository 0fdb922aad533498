// Package mdev is airroot's replacement for busybox mdev: it listens to the
// kernel's uevents, loads the modules their MODALIAS names, feeds firmware to
// drivers that ask for it and applies mdev.conf rules to the nodes devtmpfs
// creates, until the boot switches to the real root.
//
// Commands in mdev.conf (@, $ and * fields) are parsed but never run through
// a shell by default: a PID 1 in an initramfs has no shell to trust, and a
// rule's text combined with kernel-supplied variables is a shell-injection
// hazard. They run only through a [Runner] the caller sets; with none, each
// is logged as "command not run".
package mdev
