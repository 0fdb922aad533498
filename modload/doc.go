// Package modload finds Linux kernel modules and what they need in a
// /lib/modules/KVER tree, from modules.dep or, when the tree has none (Debian's
// kernel packages ship none), from each module's .modinfo ELF section, and
// loads them into the running kernel with finit_module(2), dependencies first.
// It also reads modules.builtin and modules.alias and matches aliases as
// modprobe does, and writes modules.dep and modules.alias for a tree.
package modload
