package bench

import (
	"fmt"
	"strings"
)

// writeFloor tabulates each phase's floor against airroot's time, board by board.
func writeFloor(w *strings.Builder, b *BootReport) {
	if b == nil || len(b.Floor) == 0 {
		return
	}
	w.WriteString("## Per-phase floor\n\n")
	w.WriteString("Each phase of airroot's boot against its *floor*: the same work done alone and directly on the same board, kernel, " +
		"access point and NFS server, by a program (bench/floor) that takes /init's place in airroot's own initramfs after the same " +
		"access point fixture and does each phase in turn, several times. Seconds; median (min–max, samples): the floor over every " +
		"repetition in its boots, airroot over its timed boots, each phase from its own timeline. *airroot / floor* is how far " +
		"airroot is from the floor; airroot runs its steps side by side (the Wi-Fi join beside the modules and the coldplug), " +
		"the floor one at a time.\n\n")
	board := ""
	for _, row := range b.Floor {
		if row.Board != board {
			board = row.Board
			fmt.Fprintf(w, "### Floor on %s\n\n| phase | floor | airroot | airroot / floor |\n|---|---|---|---|\n", board)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", row.Title, statCell(row.Floor), statCell(row.Airroot), ratioText(row.Ratio))
		if last := len(FloorPhases) - 1; row.Phase == FloorPhases[last].Name {
			w.WriteString("\n")
		}
	}
	w.WriteString("What each floor includes:\n\n")
	for _, ph := range FloorPhases {
		fmt.Fprintf(w, "- %s: %s.\n", ph.Title, ph.Includes)
	}
	w.WriteString("\n")
}

// statCell is "median (min–max, n)", or – without samples.
func statCell(s Stat) string {
	if s.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f (%.3f–%.3f, %d)", s.Median, s.Min, s.Max, s.N)
}
