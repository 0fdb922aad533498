// Package modload loads Linux kernel modules as modprobe does: it indexes a
// /lib/modules/KVER tree (from modules.dep, modules.alias and
// modules.softdep, or, in a tree without them such as Debian's kernel
// packages, from each module's .modinfo section, compressed or not), reads
// modprobe.d configuration, resolves names and aliases, and loads modules
// with finit_module(2), dependencies first and softdeps around them. It also
// writes modules.dep, modules.alias and modules.softdep for a tree.
//
// # Parallel loading
//
// A [Loader] hands modules that have no dependency path between them to the
// kernel concurrently, up to Loader.Jobs at once. What that buys depends on
// the kernel (kernel/module/main.c, Linux 5.x-6.x): load_module reads,
// decompresses, checks the signature of, lays out and relocates each module
// without the global module_mutex, which it takes only briefly (to add the
// module to the list, in complete_formation to check for duplicate
// exported symbols, and after init). The module's init function, where
// drivers register and probe devices, also runs without it, so modules
// whose init waits (on a USB or SDIO device, on firmware) overlap, and the
// CPU-bound phases overlap on a multi-core board. But each finit_module
// call ends with async_synchronize_full() unless the module asked for
// asynchronous probing, so it also waits for every asynchronous probe in
// flight, any module's; and on a single-core board (Raspberry Pi Zero) the
// CPU-bound phases cannot overlap at all. The speed-up measured with a fake
// Init that only sleeps is therefore an upper bound: the kernel's own work
// for one module is not made faster, and boots dominated by it gain little.
package modload
