package bootlog

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoggerVerbosity(t *testing.T) {
	tests := []struct {
		name      string
		verbosity Verbosity
		want      string
	}{
		{name: "normal shows info, not debug", verbosity: Normal,
			want: "airroot: info\nairroot: warn\nairroot: err\n"},
		{name: "quiet shows only problems", verbosity: Quiet,
			want: "airroot: warn\nairroot: err\n"},
		{name: "debug shows everything", verbosity: Debug,
			want: "airroot: debug\nairroot: info\nairroot: warn\nairroot: err\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var console, kmsg bytes.Buffer
			l := &Logger{Console: &console, Kmsg: &kmsg, Verbosity: tt.verbosity}
			l.Debugf("debug")
			l.Infof("info")
			l.Warnf("warn")
			l.Errorf("err")
			if diff := cmp.Diff(tt.want, console.String()); diff != "" {
				t.Errorf("console (-want +got):\n%s", diff)
			}
			wantKmsg := "<7>airroot: debug\n<7>airroot: info\n<7>airroot: warning: warn\n<7>airroot: error: err\n"
			if diff := cmp.Diff(wantKmsg, kmsg.String()); diff != "" {
				t.Errorf("kmsg always gets everything (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoggerKmsgOnly: once the console is gone the kernel log gets only what the
// verbosity shows, at its real level.
func TestLoggerKmsgOnly(t *testing.T) {
	var kmsg bytes.Buffer
	l := &Logger{Kmsg: &kmsg}
	l.Debugf("handshake detail")
	l.Infof("wifi: group key renewed")
	l.Warnf("wifi: link lost")
	want := "<6>airroot: wifi: group key renewed\n<4>airroot: wifi: link lost\n"
	if diff := cmp.Diff(want, kmsg.String()); diff != "" {
		t.Errorf("kmsg (-want +got):\n%s", diff)
	}
}

func TestLoggerSplitsLines(t *testing.T) {
	var console bytes.Buffer
	l := &Logger{Console: &console}
	l.Infof("one\ntwo\n")
	if got, want := console.String(), "airroot: one\nairroot: two\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNilLoggerIsSilent(t *testing.T) {
	var l *Logger
	l.Errorf("must not panic")
}

func TestTimeline(t *testing.T) {
	clock := []float64{2.0, 2.5, 2.5, 4.25}
	tl := Timeline{Now: func() float64 { v := clock[0]; clock = clock[1:]; return v }}
	var console bytes.Buffer
	log := &Logger{Console: &console}
	if err := tl.Run(log, "mount", func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	err := tl.Run(log, "nfs", func() error { return errTest })
	if err != errTest {
		t.Fatalf("Run returned %v, want the step's error", err)
	}
	wantConsole := "airroot: mount: ok (500ms)\nairroot: nfs: failed after 1.75s: test failure\n"
	if diff := cmp.Diff(wantConsole, console.String()); diff != "" {
		t.Errorf("console (-want +got):\n%s", diff)
	}
	wantLine := `timeline {"steps":[{"name":"mount","start":2,"end":2.5},{"name":"nfs","start":2.5,"end":4.25,"error":"test failure"}]}`
	if diff := cmp.Diff(wantLine, tl.Line()); diff != "" {
		t.Errorf("Line (-want +got):\n%s", diff)
	}
	if got := tl.Summary(); !strings.Contains(got, "mount 500ms, nfs 1.75s; kernel start to here 4.25s") {
		t.Errorf("Summary = %q", got)
	}
}

func TestTimelineSummaryShowsMarksAsInstants(t *testing.T) {
	tl := Timeline{Steps: []Step{
		{Name: "wifi", Start: 5, End: 9.5},
		{Name: "associated", Start: 7.25, End: 7.25},
	}}
	if got, want := tl.Summary(), "wifi 4.5s, associated at 7.250s; kernel start to here 7.25s"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

func TestVerbosityOf(t *testing.T) {
	tests := []struct {
		name         string
		debug, quiet bool
		want         Verbosity
	}{
		{name: "neither", want: Normal},
		{name: "debug", debug: true, want: Debug},
		{name: "quiet", quiet: true, want: Quiet},
		{name: "both: debug wins", debug: true, quiet: true, want: Debug},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerbosityOf(tt.debug, tt.quiet); got != tt.want {
				t.Errorf("VerbosityOf(%v, %v) = %v, want %v", tt.debug, tt.quiet, got, tt.want)
			}
		})
	}
}

// TestTimelineAddConcurrently: steps that end at once in several goroutines are
// all recorded (go test -race checks the rest).
func TestTimelineAddConcurrently(t *testing.T) {
	tl := Timeline{Now: func() float64 { return 1 }}
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			_ = tl.Run(&Logger{}, fmt.Sprintf("step%d", i), func() error { return nil })
		}()
	}
	for range 8 {
		<-done
	}
	if len(tl.Steps) != 8 {
		t.Errorf("%d steps recorded, want 8", len(tl.Steps))
	}
}
