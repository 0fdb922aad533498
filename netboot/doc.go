// Package netboot brings up the network a root filesystem lives on: it
// picks and raises the interface, gives it an address (static ip= or DHCP),
// and mounts the NFS root named by the command line or the DHCP lease.
//
// Its subpackages do one thing each: ipconfig and nfsroot parse the kernel's
// ip= and nfsroot= syntax, dhcp leases addresses, link drives interfaces.
package netboot
