// Package boot is airroot's PID 1: it mounts the kernel filesystems, loads
// modules, has the keeper bring the network up, mounts the NFS root and
// switches into it; or, in appliance mode, runs one program beside the
// network for as long as the board runs.
//
// The folder is called init after the program it becomes (/init in the
// initramfs); Go reserves the identifier init, so the package is boot.
//
// # The boot
//
// A boot is two processes: PID 1 (this package, Run) and the keeper
// (package netboot/keeper, argv[0] "@airroot"), which holds the network
// because the network must outlive the initramfs. Steps are named as in
// init/layout; each is timed into the timeline, and the keeper's steps are
// sent to PID 1 and join its timeline. In order:
//
//  1. mount (PID 1): mountKernelFilesystems mounts /proc, /sys, /dev,
//     /dev/pts and /run.
//  2. config (PID 1): Boot.readConfig opens the console and /dev/kmsg and
//     parses /proc/cmdline (cmdline.Parse).
//  3. modprobe helper (PID 1): Boot.serveModprobe makes /init the kernel's
//     modprobe helper; cmd/init answers "/init -q -- NAME" with modprobe.Main.
//     Boot.chooseMode picks appliance mode (package init/app) or an NFS
//     root, and whether the card is read (appliance mode, airroot.bootpart=).
//  4. keeper (PID 1): Boot.startKeeperEarly starts the keeper (keeper.Start)
//     early, so that steps 5 and 6 run alongside steps 7 and 8. The keeper
//     is keeper.Run. When the card is to be read, the keeper starts only
//     once it has been (Boot.tryCard: at once if the card is there, else
//     after the bootpart step), since it reads its Wi-Fi networks when it starts.
//     In appliance mode the keeper starts with the app instead (Boot.appFirst),
//     unless the app waits for the network.
//  5. wifi (keeper): keeper.joinWiFi joins the network (wifi.Join) and marks
//     interface_up, associated and keys_installed; from then on
//     keeper.keepWiFi joins again when the link is lost. A wired root has link
//     instead: keeper.linkWhenSettled tells PID 1 it awaits the devices,
//     waits until PID 1 says they have settled, then netboot.Net.Link.
//  6. dhcp (keeper): netboot.Net.Address gets a lease (address instead, for
//     a static ip=), its attempts held back while the Wi-Fi link is lost
//     (keeper.linkGate); netboot.Net.SaveState writes resolv.conf under
//     /run/airroot, and the keeper tells PID 1 the network is ready.
//  7. modules (PID 1): Boot.loadModules loads modules-load.d's and
//     rd.modules-load='s modules (modload.Loader).
//  8. devices (PID 1, in the background: Boot.background): Boot.startDevices
//     runs mdev's coldplug and waits for the devices to settle; mdev serves
//     hotplug on until switch_root. Its thread runs at nice 19 until a step
//     waits for it (Boot.backgroundYielding): on a one-core board it yields
//     the CPU to steps 5, 6 and 10 and fills their pauses. Steps 9 and 10
//     do not wait for it (a
//     wired root's link does: the keeper says so, which raises it, and
//     hears when it has ended); the
//     bootpart step, appliance mode and step 11 do.
//     Then the bootpart step (PID 1), when the card is wanted and was not
//     there at step 4: Boot.awaitCard waits up to cardWait for the partition
//     (package init/bootpart), mounts it read-only on /boot and puts its
//     wpa_supplicant.conf, pass-phrases hashed, where the keeper reads it.
//     In appliance mode, Boot.runAppliance then takes over. The app starts
//     only now, as seed 004's box after mdev -s: a node the coldplug makes
//     or a rule changes, or a device whose driver it loads by MODALIAS, is
//     there when the app looks for it. The keeper brings the network up as
//     in steps 5, 6 and 9 (first, with airroot.app.wait=network),
//     /run/airroot/network says how it is, and
//     Boot.superviseApp runs the app, restarting it as
//     airroot.app.restart= says and ending the system as airroot.app.done=
//     says; mdev runs on, and with airroot.automount hands the USB drives'
//     events, the coldplug's first, to the automounter (package
//     init/automount, Boot.startAutomount), which mounts them under /media.
//     Steps 10 to 12 are not run.
//  9. network ready (PID 1): Boot.bringUpNetwork tells the keeper once the
//     devices have settled (Proc.DevicesSettled; Boot.tellSettled raises
//     them first if the keeper says its link awaits them), waits for it
//     (Proc.AwaitReady) and adopts the network it brought up
//     (netboot.Net.Adopt); a keeper that died is started again.
//  10. nfs (PID 1): Boot.mountRoot mounts the NFS root on /newroot
//     (netboot.Net.RootSpec, netboot.Net.MountRoot), waiting for the server,
//     its path's % sequences filled from netboot.Net.Identity (nfsroot.Expand),
//     then Boot.setReadahead widens its read-ahead window (netboot.SetReadahead,
//     airroot.nfs.readahead=).
//     With airroot.overlay=tmpfs, Boot.mountOverlay mounts it read-only at
//     /run/airroot/lower instead and /newroot becomes an overlay with a tmpfs
//     upper at /run/airroot/rw; with airroot.persist=, Boot.mountPersist
//     mounts the board's own directory read-write inside the new root.
//  11. switch_root (PID 1): once the devices step has ended (the new root
//     finds every driver the coldplug loads), Boot.switchRoot checks the new init
//     (switchroot.CheckInit), tells the keeper where the new root is and
//     waits until it says it holds it open (Proc.Switching; at most 5 s,
//     then it goes on without), unmounts the card, stops mdev, hands modprobe back, and
//     switchroot.Switch frees the initramfs and moves into the new root,
//     printing the timeline.
//  12. exec init (PID 1): switchroot.Switch execs /sbin/init (or init=).
//     The keeper sees its socket close and follows PID 1 into the new root
//     (keeper.followPID1), logging to the kernel log only from then on.
//
// After the boot, for as long as the system runs, the keeper:
//   - renews: netboot.Net.Keep renews the lease at T1, rebinds at T2 and
//     asks for the same address again once it expired;
//   - rejoins: keeper.keepWiFi logs rekeys and, when the link is lost,
//     keeper.rejoin joins again: straight to the access point when its own
//     deauthentication ended the link, else scanning the lost channel, one
//     attempt in two with a part of the others (wifi.Hint), the pause
//     between attempts growing with the outage (keeper.rejoinGap).
//
// A boot that cannot finish ends in Boot.halt: it says what to fix, then
// opens a rescue shell (rd.shell), reboots (panic=N) or waits. Until the
// exec of the new init, PID 1 handles signals as busybox init does
// (handleSignals): Ctrl-Alt-Del, which the kernel turns into SIGINT
// (catchCtrlAltDel), and SIGTERM reboot, SIGUSR1 halts, SIGUSR2 powers off,
// each through Boot.shutdown; SIGHUP, SIGQUIT and their kin are ignored.
// In appliance mode that lasts for as long as the board runs: a shutdown
// sends the app SIGTERM then SIGKILL with every other process, and the app
// is not started again.
package boot
