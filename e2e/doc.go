// Package e2e proves airroot by booting it in QEMU: `make e2e` runs its tests (build tag
// e2e), which boot every scenario of package scenario and write out/e2e/report.json.
// AIRROOT_E2E_BOARDS picks the boards; AIRROOT_E2E_WIFI=0 leaves out the Wi-Fi scenarios;
// AIRROOT_E2E_LONG_SOAK_SECONDS shortens virt-wifi-long-soak (ten minutes) while
// developing.
//
// # Layers
//
// Each layer imports only the ones above it in this list:
//
//   - guestproto: what the harness and the programs it puts in the guest (guest,
//     fixture) tell each other: expectations, the result line, the fixture's
//     configuration.
//   - artifact: what a boot is made of: Debian's kernels and .debs, the files a
//     program's loader opens, hostapd's userland, static Go builds, the initramfs
//     `airroot build` makes with test files appended, the Pi's boot folder.
//   - machine: the boards (QEMU command lines, -icount), one QEMU run and its console
//     (a callback per line that says go on, stop or await power-off), the console lines
//     any boot may show (a panic, airroot's timeline), QEMU's user network addresses.
//   - testbed: what the board talks to: the NFS servers (go-nfs for NFSv3 and its
//     faults, nfs-ganesha for NFSv3 and NFSv4, chosen by scenario.Root.Server) and the
//     root folder they serve, the Wi-Fi test bed (the fixture's hostapd access point, bridged or routed,
//     with its own DHCP server or Debian's dnsmasq, rekeys), and the files that make it.
//   - scenario: the scenario model (Scenario = Network + Root + Boot + Checks + Faults),
//     the table (scenarios.go, keeper_scenarios.go), the runner (Env.Run), the verdict
//     and report.json.
//
// cmd/demo and bench/ use the same layers.
//
// # Adding a scenario
//
// Add an entry to Scenarios in scenario/scenarios.go, composed of the parts that exist:
// a Network (Ethernet{}, a WiFi with its testbed.AccessPoint and Station, or NoNetwork{}
// for an appliance on a board without its NIC), a Root, a
// Boot (command line, rescue shell, module choice, mdev rule, boot folder, card; a
// card's Reboot boots the same image again, the card edited and the access point
// moved: scenario/reboot.go), the Checks
// (console lines, the guest's result, timeline steps, a keeper soak) and Faults
// (DeadNFS, NFSRestart, Rekey, Deauth, ShortLease, DHCPNak, DHCPQuiet, DHCPMove,
// Inject, FirstNetwork, APRestart, Roam, WorkerCrash). Its name is "<board>-<what>";
// Validate, run by the unit tests, says what does not fit together. Nothing else changes: the e2e test,
// the report and the verdict follow the table.
//
// # Adding a capability
//
// A capability is a new part, or a new kind of an existing part. It lives in the layer
// that does the work, and the scenario layer names it:
//
//   - Something the test bed does wrong on purpose: a type in scenario/faults.go with its
//     validate method, read with findFault where the bed is set up (scenario/network.go
//     WiFiBed for the access point, scenario/run.go serveRoot for the NFS server,
//     scenario/keeper.go soak for what the guest does), and judged in scenario/verdict.go
//     or scenario/keeper.go if it has figures of its own.
//   - A real NFS server (nfs-ganesha) or DHCP server (dnsmasq): the server in testbed/
//     (a new file that starts it on a loopback port) or in the fixture's namespace (as
//     e2e/fixture/dnsmasq_linux.go runs dnsmasq), with its binary fetched by artifact/
//     like hostapd in artifact/userland.go and dnsmasq in artifact/dnsmasq.go, a field
//     of scenario.Root (the NFS server) or testbed.DHCPServer (DHCPServer.Dnsmasq) that
//     chooses it, and serveRoot in scenario/run.go or WiFiBed.FixtureConfig in
//     testbed/wifi.go that starts it.
//   - More radios, such as an attacker radio in monitor mode: a field of scenario.WiFi
//     (scenario/network.go) copied into testbed.WiFiBed, whose FixtureConfig
//     (testbed/wifi.go) asks mac80211_hwsim for one more radio and tells the fixture
//     what to do with it (guestproto/fixture.go, e2e/fixture/); the guest's side, if it
//     checks something, in guestproto and e2e/guest/.
//   - A new board: an entry in machine.Boards (machine/board.go).
//   - A new check of the guest: a field in guestproto.Expect, filled in by Env.prepare
//     (scenario/run.go) from the scenario's Checks, checked in e2e/guest/.
package e2e
