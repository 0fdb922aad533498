// Package keeper is the keeper: the process of airroot that brings the
// root's network up and keeps it up after switch_root. The association, its
// keys and the DHCP lease must outlive the initramfs, or the root dies with
// them, so they cannot belong to PID 1, which becomes the new system's init.
//
// PID 1 starts the keeper early (Start) as this same binary with argv[0]
// "@airroot" (Name); cmd/init dispatches that to Run. The keeper joins Wi-Fi
// (or waits for a wired link), gets the address, tells PID 1 the network
// is ready, follows PID 1 into the new root, then renews the lease and
// rejoins after a lost link for as long as the system runs. protocol.go
// holds everything the two processes say to each other.
//
// The keeper is two processes, both "@airroot": the one PID 1 starts is a
// supervisor (supervise_linux.go) that runs the worker ("@airroot worker",
// worker_linux.go), which does all of the above. A panic in any goroutine
// kills the worker; after the switch, with PID 1 gone to the new system, the
// supervisor logs the crash to the kernel log and starts a new worker from
// /proc/self/exe, with backoff, handing it the Wi-Fi configuration (the
// initramfs is gone by then) and the last worker's state (resume.go): it
// keeps the address and lease and rejoins the network it was on.
//
// It lives under netboot because it is the network's process: everything it
// runs is netboot's, and PID 1 (package boot, in init/) only drives it
// through a Proc.
package keeper
