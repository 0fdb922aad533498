// Package e2e proves airroot by booting it in QEMU: `make e2e` runs its tests (build tag
// e2e), which boot every scenario of package harness and write out/e2e/report.json.
// AIRROOT_E2E_BOARDS picks the boards; AIRROOT_E2E_WIFI=0 leaves out the Wi-Fi scenarios.
package e2e
