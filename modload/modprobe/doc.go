// Package modprobe is the kernel's module-loading helper: PID 1 sets
// /proc/sys/kernel/modprobe to its own binary, the kernel runs it as
// "modprobe -q -- ALIAS" whenever it wants a module (request_module), and
// [Main] loads the module with modload, as modprobe(8) would, logging to
// /dev/kmsg.
package modprobe
