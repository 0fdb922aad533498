package bench

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTimelineSVGIsWellFormed(t *testing.T) {
	b := testBootReport()
	b.Runs = append(b.Runs, Run{Board: "virt", Variant: VariantSeed, Kind: KindTimed, OK: true,
		Phases: map[string]float64{PhaseModules: 5, PhaseInterface: 4, PhaseNewRoot: 19}}) // out of order
	b.Summarize()
	svg := TimelineSVG(b)
	dec := xml.NewDecoder(strings.NewReader(svg))
	rects, texts := 0, []string{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			rects++
		}
		if cd, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(cd)) != "" {
			texts = append(texts, strings.TrimSpace(string(cd)))
		}
	}
	if rects < 1+len(Phases) {
		t.Errorf("%d rectangles, want a background, bars and a legend entry per phase", rects)
	}
	for _, want := range []string{"virt (wifi)", VariantAirroot, VariantSeed, VariantSeedTuned, PhaseNewRoot, "9.0 s"} {
		found := false
		for _, text := range texts {
			found = found || strings.Contains(text, want)
		}
		if !found {
			t.Errorf("SVG has no text %q", want)
		}
	}
}

func TestSegments(t *testing.T) {
	s := Summary{Phases: []PhaseSum{
		{Name: PhaseModules, Stat: Stat{N: 1, Median: 4}},
		{Name: PhaseInterface, Stat: Stat{N: 1, Median: 3.5}}, // before the previous phase
		{Name: PhaseLeased, Stat: Stat{N: 1, Median: 9}},
		{Name: PhaseNewRoot, Stat: Stat{N: 1, Median: 10}},
	}}
	want := []segment{
		{phase: PhaseModules, start: 0, end: 4},
		{phase: PhaseInterface, start: 4, end: 4},
		{phase: PhaseLeased, start: 4, end: 9},
		{phase: PhaseNewRoot, start: 9, end: 10},
	}
	if diff := cmp.Diff(want, segments(s), cmp.AllowUnexported(segment{})); diff != "" {
		t.Errorf("segments (-want +got):\n%s", diff)
	}
}

func TestTimelineSVGEscapes(t *testing.T) {
	b := &BootReport{Network: "<wifi & co>", Boards: []string{"virt"}}
	b.Summarize()
	svg := TimelineSVG(b)
	if strings.Contains(svg, "<wifi") || !strings.Contains(svg, "&lt;wifi &amp; co&gt;") {
		t.Errorf("network name not escaped:\n%s", svg)
	}
}
