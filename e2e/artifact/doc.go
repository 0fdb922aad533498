// Package artifact fetches and builds what a test boot is made of: Debian's kernels and
// packages (apt-get download, dpkg-deb), the files a program's dynamic loader opens,
// hostapd's userland, static Go builds of the guest programs, the initramfs `airroot
// build` makes with test-only files appended, and the SD-card boot folder it writes.
// It knows nothing of machines or scenarios.
package artifact
