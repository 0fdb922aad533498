// Package boot is airroot's PID 1: it mounts the kernel filesystems, loads
// modules, brings the network up, mounts the NFS root and switches into it.
//
// The folder is called init after the program it becomes (/init in the
// initramfs); Go reserves the identifier init, so the package is boot.
package boot
