package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/airroot/airroot/host/initramfs"
)

// printSummary says what went where and why, then the warnings.
func printSummary(w io.Writer, b *built) {
	if b.archive != nil {
		fmt.Fprintln(w, "initramfs:")
		printEntries(w, b.archive.Entries())
	}
	if b.boot != nil {
		printBootFolder(w, b.boot)
	}
	if len(b.warnings) > 0 {
		fmt.Fprintln(w, "warnings:")
		for _, warning := range b.warnings {
			fmt.Fprintf(w, "  - %s\n", warning)
		}
	}
	if b.where != "" {
		fmt.Fprintf(w, "wrote %s: initramfs %s (%s uncompressed, %s)\n", b.where, size(b.packed), size(b.raw), b.compression)
	}
}

func printEntries(w io.Writer, entries []initramfs.Entry) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, e := range entries {
		name := "/" + e.Name
		if e.Link != "" {
			name += " -> " + e.Link
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", name, size(e.Size), e.Why)
	}
	tw.Flush()
}

func printBootFolder(w io.Writer, bf *bootFolder) {
	fmt.Fprintf(w, "boot folder %s:\n", bf.dir)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, f := range bf.files {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", f.Name, size(int64(len(f.Data))), f.Why)
	}
	tw.Flush()
	fmt.Fprintf(w, "cmdline.txt: %s\n", bf.cmdline)
	if bf.boards != "" {
		fmt.Fprintf(w, "the kernel starts on %s\n", bf.boards)
	}
	if len(bf.removed) > 0 {
		fmt.Fprintf(w, "removed the last build's %s, which config.txt no longer loads\n", strings.Join(bf.removed, " and "))
	}
	for _, name := range bf.kept {
		fmt.Fprintf(w, "kept the folder's own %s (what was edited on the card); the sample was not written\n", name)
	}
	if len(bf.missing) > 0 {
		fmt.Fprintf(w, "the folder also needs the Pi's firmware, which it lacks: %s (Debian's raspi-firmware package has them; a Pi 4 needs start4.elf and fixup4.dat)\n",
			strings.Join(bf.missing, ", "))
	}
	if bf.exports == "" {
		fmt.Fprintf(w, "copy the folder's files onto any FAT card; its wpa_supplicant.conf is then edited there, on any computer\n")
		return
	}
	fmt.Fprintf(w, "the NFS server needs this line in /etc/exports (then exportfs -ra):\n  %s\n", bf.exports)
	fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(exportsWhy, "\n", "\n  "))
}

// exportsWhy explains bootfolder.ExportOptions to the user.
const exportsWhy = `rw: the board writes to its root; sync: nothing is acknowledged before it is on disk;
no_subtree_check: renaming open files works; no_root_squash: root on the board stays root on the server,
so owners and setuid programs work. Replace * with the boards' network (192.168.1.0/24).`

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
