package wifi

import (
	"testing"
	"time"

	"github.com/airroot/airroot/internal/testutil"
)

// TestSAQuery drives the procedure with a fake clock: each event happens
// at an offset from the start, and each step's outcome is checked.
func TestSAQuery(t *testing.T) {
	type event struct {
		at   time.Duration
		do   string // "start", "due", "answer"
		id   byte   // for answer: the transaction ID's first byte
		want string // start/answer: "true"/"false"; due: "wait"/"send"/"give up"
	}
	tests := []struct {
		name   string
		events []event
	}{
		{"answered at once", []event{
			{0, "start", 0, "true"}, {0, "due", 0, "send"}, {50 * time.Millisecond, "answer", 1, "true"},
			{2 * time.Second, "due", 0, "wait"},
		}},
		{"answered to the second request, with the first ID", []event{
			{0, "start", 0, "true"}, {0, "due", 0, "send"}, {200 * time.Millisecond, "due", 0, "wait"},
			{201 * time.Millisecond, "due", 0, "send"}, {300 * time.Millisecond, "answer", 1, "true"},
		}},
		{"an unknown ID does not answer", []event{
			{0, "start", 0, "true"}, {0, "due", 0, "send"}, {10 * time.Millisecond, "answer", 9, "false"},
			{201 * time.Millisecond, "due", 0, "send"},
		}},
		{"no answer: retries every 201 ms, gives up at 1000 ms", []event{
			{0, "start", 0, "true"}, {0, "due", 0, "send"}, {201 * time.Millisecond, "due", 0, "send"},
			{402 * time.Millisecond, "due", 0, "send"}, {603 * time.Millisecond, "due", 0, "send"},
			{804 * time.Millisecond, "due", 0, "send"}, {999 * time.Millisecond, "due", 0, "wait"},
			{1000 * time.Millisecond, "due", 0, "give up"}, {1001 * time.Millisecond, "due", 0, "wait"},
		}},
		{"an answer after giving up is ignored", []event{
			{0, "start", 0, "true"}, {0, "due", 0, "send"}, {time.Second, "due", 0, "give up"},
			{1100 * time.Millisecond, "answer", 1, "false"},
		}},
		{"one procedure at a time, and at most one per 10 s", []event{
			{0, "start", 0, "true"}, {100 * time.Millisecond, "start", 0, "false"},
			{0, "due", 0, "send"}, {200 * time.Millisecond, "answer", 1, "true"},
			{5 * time.Second, "start", 0, "false"}, {10 * time.Second, "start", 0, "true"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newSAQuery()
			t0 := time.Unix(1000, 0)
			next := byte(1)
			for i, ev := range tt.events {
				now := t0.Add(ev.at)
				var got string
				switch ev.do {
				case "start":
					got = boolText(q.start(now))
				case "answer":
					got = boolText(q.answered([2]byte{ev.id, 0}))
				case "due":
					switch q.due(now) {
					case saWait:
						got = "wait"
					case saSend:
						got = "send"
						q.sent(now, [2]byte{next, 0})
						next++
					case saGiveUp:
						got = "give up"
					}
				}
				if got != ev.want {
					t.Fatalf("event %d (%s at %v) = %s, want %s", i, ev.do, ev.at, got, ev.want)
				}
				if w := q.wake(); q.running() && (w.Before(q.started) || w.After(q.started.Add(q.max))) {
					t.Fatalf("event %d: wake %v outside the procedure", i, w.Sub(t0))
				}
			}
		})
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestSAQueryFrames(t *testing.T) {
	ap, sta, other := testutil.MAC(t, "02:00:00:00:00:01"), testutil.MAC(t, "02:00:00:00:01:00"), testutil.MAC(t, "02:00:00:00:00:09")
	req := saQueryFrame(ap, sta, saQueryRequest, [2]byte{0xab, 0xcd})
	want := []byte{0xd0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0, 0xab, 0xcd}
	if string(req) != string(want) {
		t.Errorf("request % x\nwant    % x", req, want)
	}
	resp := saQueryFrame(sta, ap, saQueryResponse, [2]byte{0xab, 0xcd})
	copy(resp[16:22], ap) // A3 is the BSSID in both directions
	tests := []struct {
		name   string
		frame  []byte
		bssid  []byte
		wantOK bool
	}{
		{"response from the access point", resp, ap, true},
		{"response from another access point", resp, other, false},
		{"our own request", req, ap, false},
		{"truncated", resp[:27], ap, false},
		{"not an action frame", append([]byte{0xc0}, resp[1:]...), ap, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := parseSAQueryResponse(tt.frame, tt.bssid, sta)
			if ok != tt.wantOK || (ok && id != [2]byte{0xab, 0xcd}) {
				t.Errorf("parseSAQueryResponse = %x, %v; want ok %v", id, ok, tt.wantOK)
			}
		})
	}
}

func FuzzParseSAQueryResponse(f *testing.F) {
	ap, sta := []byte{2, 0, 0, 0, 0, 1}, []byte{2, 0, 0, 0, 1, 0}
	f.Add(saQueryFrame(sta, ap, saQueryResponse, [2]byte{1, 2}))
	f.Add(saQueryFrame(ap, sta, saQueryRequest, [2]byte{1, 2}))
	f.Add([]byte{0xd0})
	f.Fuzz(func(t *testing.T, frame []byte) {
		id, ok := parseSAQueryResponse(frame, ap, sta)
		if ok && (frame[25] != saQueryResponse || id != [2]byte{frame[26], frame[27]}) {
			t.Errorf("accepted % x with ID %x", frame, id)
		}
	})
}
