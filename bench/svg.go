package bench

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// phaseColors colour the segment that ends at each phase.
var phaseColors = map[string]string{
	PhaseInit:       "#d6d6d6",
	PhaseModules:    "#9e9e9e",
	PhaseInterface:  "#80cbc4",
	PhaseAssociated: "#4db6ac",
	PhaseKeys:       "#00897b",
	PhaseLeased:     "#5c6bc0",
	PhaseNFS:        "#ffb74d",
	PhaseSwitchRoot: "#e57373",
	PhaseNewRoot:    "#8d6e63",
}

// Chart geometry, in SVG user units.
const (
	chartWidth  = 900
	labelWidth  = 170
	rightMargin = 70
	rowHeight   = 26
	barHeight   = 16
	headHeight  = 24
	axisHeight  = 30
	legendRow   = 20
	// legendColumns is how many phases a legend row holds.
	legendColumns = 5
)

// segment is one piece of a bar: from the previous phase reached to this one.
type segment struct {
	phase      string
	start, end float64
}

// segments turns a summary's phase medians into consecutive pieces from 0: a phase
// whose median comes before the previous one's gets no width.
func segments(s Summary) []segment {
	var out []segment
	prev := 0.0
	for _, name := range Phases {
		m, ok := s.PhaseMedian(name)
		if !ok {
			continue
		}
		end := math.Max(m, prev)
		out = append(out, segment{phase: name, start: prev, end: end})
		prev = end
	}
	return out
}

// TimelineSVG draws each board's variants as horizontal bars of phase medians, from
// kernel start to the new root's init, with the spread (min to max) of the total.
func TimelineSVG(b *BootReport) string {
	scale := chartScale(b)
	plot := float64(chartWidth - labelWidth - rightMargin)
	x := func(sec float64) float64 { return labelWidth + sec/scale*plot }
	var body strings.Builder
	y := 10.0
	for _, board := range b.Boards {
		fmt.Fprintf(&body, `<text x="4" y="%.0f" font-weight="bold">%s (%s)</text>`+"\n", y+16, esc(board), esc(b.Network))
		y += headHeight
		for _, v := range Variants {
			s := b.Summary(board, v)
			if s == nil {
				continue
			}
			writeBar(&body, *s, y, x)
			y += rowHeight
		}
		y += 6
	}
	y = writeAxis(&body, y, scale, x)
	y = writeLegend(&body, y)
	var out strings.Builder
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%.0f" viewBox="0 0 %d %.0f" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, y, chartWidth, y)
	fmt.Fprintf(&out, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	out.WriteString(body.String())
	out.WriteString("</svg>\n")
	return out.String()
}

// chartScale is the axis's end in seconds: the largest max, rounded up to 5 s.
func chartScale(b *BootReport) float64 {
	top := 5.0
	for _, s := range b.Summaries {
		top = math.Max(top, s.KernelToNewRoot.Max)
	}
	return math.Ceil(top/5) * 5
}

func writeBar(w *strings.Builder, s Summary, y float64, x func(float64) float64) {
	label := s.Variant
	if s.KernelToNewRoot.N == 0 {
		label += " (no successful boot)"
	}
	fmt.Fprintf(w, `<text x="12" y="%.1f">%s</text>`+"\n", y+barHeight-3, esc(label))
	for _, seg := range segments(s) {
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s"><title>%s: %.2f s to %.2f s (medians)</title></rect>`+"\n",
			x(seg.start), y, x(seg.end)-x(seg.start), barHeight, phaseColors[seg.phase], esc(s.Variant+", "+seg.phase), seg.start, seg.end)
	}
	if st := s.KernelToNewRoot; st.N > 0 {
		mid := y + barHeight/2
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", x(st.Min), mid, x(st.Max), mid)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f">%.1f s</text>`+"\n", x(st.Max)+4, y+barHeight-3, st.Median)
	}
}

func writeAxis(w *strings.Builder, y, scale float64, x func(float64) float64) float64 {
	fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#444"/>`+"\n", labelWidth, y, x(scale), y)
	step := math.Max(1, math.Ceil(scale/10))
	for t := 0.0; t <= scale+1e-9; t += step {
		fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#444"/>`+"\n", x(t), y, x(t), y+4)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle">%g</text>`+"\n", x(t), y+16, t)
	}
	fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="end">seconds since kernel start (guest uptime)</text>`+"\n", x(scale), y+28)
	return y + axisHeight + 6
}

func writeLegend(w *strings.Builder, y float64) float64 {
	fmt.Fprintf(w, `<text x="4" y="%.1f">Each segment ends when its phase is reached (medians); the line spans the fastest and slowest boot.</text>`+"\n", y+12)
	y += legendRow
	for i, name := range Phases {
		col, row := i%legendColumns, i/legendColumns
		lx, ly := 12+float64(col)*180, y+float64(row)*legendRow
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/><text x="%.1f" y="%.1f">%s</text>`+"\n",
			lx, ly, phaseColors[name], lx+16, ly+11, esc(name))
	}
	return y + legendRow*float64((len(Phases)+legendColumns-1)/legendColumns) + 6
}

func esc(s string) string { return html.EscapeString(s) }
