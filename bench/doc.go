// Package bench measures airroot against the seed's userland (busybox,
// wpa_supplicant, iw and dhcpcd from Debian's packages): their sizes, their boot
// timelines on the same emulated boards, kernel, access point and NFS server, and
// what they keep running after switch_root. It also measures airroot's appliance
// mode against seed 004's busybox init (seed004.go, appliance.go): the same card
// and app, kernel start to the app's first line and first reply, and both
// initramfs sizes. Its idle runs then time the Wi-Fi rejoins of every
// variant (benchproto.RejoinParam): traffic stopped by deauthentications
// (benchproto.DeauthRounds) and by the access point's restart, to traffic
// back. It writes out/bench/report.json and BENCHMARKS.md with an SVG
// chart of the boot timelines.
package bench
