package bench

// methodSizes says how the sizes were taken.
var methodSizes = []string{
	"Sizes: the seed's userland is the ELF closure of busybox, wpa_supplicant, iw and dhcpcd (PT_INTERP and DT_NEEDED followed " +
		"recursively, symbolic links kept) from pinned Debian bookworm packages; airroot is its `/init` alone. Each is archived alone " +
		"(newc cpio, the same writer airroot build uses) and compressed with Go's gzip at level 9, as airroot build compresses.",
	"Debian's wpa_supplicant is built with D-Bus and PC/SC support, which pull in libdbus, libsystemd, libgcrypt, liblzma, libzstd, " +
		"liblz4 and libpcsclite; the seed's own Gentoo build (USE=ssl, no dbus) was smaller. The ratio is against Debian's build.",
}

// methodBoots says how the boots were taken and what differs between variants.
var methodBoots = []string{
	"Boots: QEMU (TCG, no KVM) with Debian's kernels, one board at a time; each round boots airroot, seed and seed-tuned in turn " +
		"(A B C A B C ...), so that drift in the host's load touches every variant alike. The machine is shared: absolute times " +
		"are noisy, medians and ratios less so.",
	"Same kernel, same modules (the closure of the same list, loaded by airroot's finit_module or by busybox insmod in dependency order), " +
		"same access point (the e2e fixture: mac80211_hwsim, hostapd behind a bridge to slirp), same in-process NFSv3 server, same " +
		"new-root init (a small Go program that prints its uptime and, in idle runs, measures the network's processes).",
	"Timestamps are guest uptimes (CLOCK_BOOTTIME): airroot's own timeline line; `SEED-PHASE name uptime` lines the seed " +
		"script prints from /proc/uptime after each step (the only lines added to it); the new root's init reading /proc/uptime first thing. " +
		"`associated` is the kernel's `wlan0: associated` line for every variant; for the seed, `keys installed` is the kernel's " +
		"`wlan0: link becomes ready` line (wpa_supplicant holds the link dormant until its handshakes complete), for airroot its own mark. " +
		"Kernel lines carry printk times, which under TCG run apart from CLOCK_BOOTTIME by tenths of a second: the new root's init " +
		"writes its uptime to /dev/kmsg, and each boot's printk times are moved by the offset that line shows (kernel_clock_offset).",
	"The clocks differ by board. virt's follows the host's (TCG): its times include QEMU translating code the first time it runs, " +
		"so code run once in a boot (the coldplug, a module's init) costs more there than on a real core. raspi1ap's counts " +
		"instructions at a fixed rate (-icount shift=3: 8 ns each, a 125 MIPS core), so its times depend on what the guest runs, " +
		"not on the host's load; reports before 2026-12-05 ran it with shift=auto, whose rate swung with the host's.",
	"The kernel's own start is the same for every variant but for the initramfs's unpacking. Most of it, on both boards, is the " +
		"kernel testing its crypto algorithms (crypto_algapi_init, crypto_kdf108_init; seen with initcall_debug): the boards boot " +
		"without cryptomgr.notests, as Debian's kernels do by default. README.md says what it costs and how to skip it.",
	"Over Wi-Fi the test access point is set up before /init runs (the e2e fixture, rdinit=/fixture: it loads mac80211_hwsim, " +
		"bridge and the NIC's driver and starts hostapd, 2 to 3 s under TCG) in every variant alike: it is inside kernel start to the " +
		"new root's init, which is why the tables also give /init to the new root's init.",
	"The new root's init is a 2 MB static Go program read over NFS: its exec and start lie between switch_root and the end of " +
		"every boot alike (about a second on virt, ten or more on raspi1ap, whose emulated USB network is slow); the phase tables " +
		"give switch_root on its own.",
	"What differs: Debian's busybox has no userspace NFS mount helper, so the seed's `mount -o nolock` is given the kernel's text " +
		"options (vers=3, proto=tcp, port=, mountport=, addr=) as airroot passes them: no portmapper round trip for either. " +
		"dhcpcd runs without privilege separation (the initramfs has no dhcpcd user), which makes it lighter than a full install.",
	"Memory and CPU after switch_root: VmRSS (/proc/PID/status) at the end of the idle time and utime+stime (/proc/PID/stat) " +
		"over it, summed over every process named wpa_supplicant or dhcpcd, or with argv[0] @airroot. " +
		"RAM held adds the processes' RssAnon to the size of the initramfs files they keep mapped: the initramfs is RAM, " +
		"a mapped file stays there whole after switch_root deletes it, and VmRSS counts only the pages mapped into the " +
		"process (the kernel maps up to 64 KiB around each page touched), so VmRSS says little of what is held.",
}

// methodFloor says how the per-phase floor was taken.
var methodFloor = []string{
	"Per-phase floor: each round boots the floor (bench/floor) right after airroot, on the same board: airroot's own initramfs " +
		"(airroot build with the same modules and Wi-Fi configuration) with bench/floor as /init, after the same access point fixture. " +
		"It repeats the modules, Wi-Fi, DHCP and NFS phases (-floor-rounds, 5 by default), undoing each between rounds " +
		"(delete_module, disconnect, unmount), so after the first round they run warm: page cache, the access point's and the " +
		"server's state; switch_root runs once a boot, as the boot's end. Durations are taken on the guest's monotonic clock " +
		"around each phase alone; airroot's are spans of its own timeline.",
}

// MethodNotes lists how r's figures were taken and what differs.
func (r *Report) MethodNotes() []string {
	notes := append([]string{}, methodSizes...)
	if r.Boot != nil {
		notes = append(notes, methodBoots...)
		if len(r.Boot.Floor) > 0 {
			notes = append(notes, methodFloor...)
		}
	}
	if r.Appliance != nil {
		notes = append(notes, methodAppliance...)
	}
	return notes
}
