package machine

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTimelineLine(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    Timeline
		wantErr error
		anyErr  bool
	}{
		{
			name: "contract example",
			line: `airroot: timeline {"steps":[{"name":"mount","start":2.310,"end":2.331},{"name":"dhcp","start":2.9,"end":4.1}]}`,
			want: Timeline{Steps: []Step{{Name: "mount", Start: 2.31, End: 2.331}, {Name: "dhcp", Start: 2.9, End: 4.1}}},
		},
		{
			name: "printk before and after",
			line: `[    4.2] foo airroot: timeline {"steps":[]}[    4.3] bar` + "\r",
			want: Timeline{Steps: []Step{}},
		},
		{name: "other airroot line", line: "airroot: dhcp: lease 10.0.2.15", wantErr: ErrNoTimeline},
		{name: "cut short", line: `airroot: timeline {"steps":[{"name":"mount"`, anyErr: true},
		{name: "not an object", line: `airroot: timeline steps`, anyErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTimelineLine(tt.line)
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseTimelineLine() error = %v, want %v", err, tt.wantErr)
			}
			if tt.anyErr && err == nil {
				t.Fatalf("ParseTimelineLine() error = nil, want one")
			}
			if tt.wantErr == nil && !tt.anyErr && err != nil {
				t.Fatalf("ParseTimelineLine() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseTimelineLine() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimelineMissing(t *testing.T) {
	tl := Timeline{Steps: []Step{{Name: "mount"}, {Name: "nfs"}}}
	got := tl.Missing([]string{"mount", "dhcp", "nfs", "switch_root"})
	if diff := cmp.Diff([]string{"dhcp", "switch_root"}, got); diff != "" {
		t.Errorf("Missing() (-want +got):\n%s", diff)
	}
}

func TestTimelineUntimed(t *testing.T) {
	tl := Timeline{Steps: []Step{{Name: "sae", Start: 1, End: 1.25}, {Name: "keys", Start: 2, End: 2}, {Name: "back", Start: 3, End: 2.5}}}
	got := tl.Untimed([]string{"sae", "keys", "absent", "back"})
	if diff := cmp.Diff([]string{"keys", "back"}, got); diff != "" {
		t.Errorf("Untimed() (-want +got):\n%s", diff)
	}
}

func FuzzParseTimelineLine(f *testing.F) {
	f.Add(`airroot: timeline {"steps":[{"name":"mount","start":2.310,"end":2.331}]}`)
	f.Add(`junk airroot: timeline {"steps":null} more`)
	f.Add(`airroot: timeline {"steps":[{"name":"\u0000","start":-1e308}]}`)
	f.Fuzz(func(t *testing.T, line string) {
		tl, err := ParseTimelineLine(line)
		if err != nil {
			return
		}
		// Every step name parsed is reported as present.
		var names []string
		for _, s := range tl.Steps {
			names = append(names, s.Name)
		}
		if missing := tl.Missing(names); len(missing) != 0 {
			t.Errorf("Missing(%q) = %q, want none", names, missing)
		}
		// What parsed survives encoding and parsing again.
		b, err := json.Marshal(tl)
		if err != nil {
			t.Fatalf("encode %+v: %v", tl, err)
		}
		again, err := ParseTimelineLine(TimelinePrefix + string(b))
		if err != nil {
			t.Fatalf("re-parse %s: %v", b, err)
		}
		if diff := cmp.Diff(tl, again); diff != "" {
			t.Errorf("re-parse (-first +second):\n%s", diff)
		}
	})
}
