// Package harness boots airroot in QEMU and judges what its console shows: boards and
// scenarios as data, a userspace NFSv3 server for the root, the initramfs with test-only
// files appended (for Wi-Fi scenarios the access-point fixture, Debian's hostapd and its
// libraries), the console watcher and the report in out/e2e/report.json.
package scenario
