// Package machine runs the emulated boards: each Board's QEMU command line (with
// -icount where the board needs it), one QEMU process whose console lines go to a
// callback that says whether to go on, stop or await the guest's power-off, and the
// console lines every boot may show (a kernel panic, airroot's timeline). It knows
// nothing of scenarios or of what serves the guest.
package machine
