// Package e2e proves airroot by booting it in QEMU: `make e2e` runs its tests (build tag
// e2e), which boot every scenario of package harness and write out/e2e/report.json.
package e2e
