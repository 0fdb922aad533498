// Package scenario is the end-to-end boots as data and what judges them: a Scenario
// composed of a Network, a Root, a Boot, Checks and Faults; the table of Scenarios; the
// runner (Env.Run) that sets up the test bed, builds the initramfs and boots QEMU; the
// console watcher and verdict; and out/e2e/report.json.
package scenario
