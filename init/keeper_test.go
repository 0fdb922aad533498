package boot

import (
	"bytes"
	"encoding/json"
	"io"
	"net/netip"
	"strings"
	"testing"

	"github.com/airroot/airroot/netboot"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestKeeperMessagesRoundTrip(t *testing.T) {
	state := netboot.State{Interface: "wlan0", Address: netip.MustParsePrefix("10.0.2.15/24"), DHCP: true, RootPath: "/srv"}
	msgs := []keeperMsg{
		{Step: &Step{Name: "link", Start: 2.5, End: 3}},
		{DevicesSettled: true},
		{Ready: &state},
		{Switching: "/newroot"},
	}
	var buf bytes.Buffer
	for _, m := range msgs {
		if err := send(&buf, m); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(buf.String(), "\n"); n != len(msgs) {
		t.Errorf("%d lines for %d messages", n, len(msgs))
	}
	dec := json.NewDecoder(&buf)
	for i, want := range msgs {
		got, err := receive(dec)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})); diff != "" {
			t.Errorf("message %d (-want +got):\n%s", i, diff)
		}
	}
	if _, err := receive(dec); err != io.EOF {
		t.Errorf("after the last message: %v, want EOF", err)
	}
}

func TestKeeperRejectsEmptyMessage(t *testing.T) {
	if _, err := receive(json.NewDecoder(strings.NewReader("{}\n"))); err == nil {
		t.Error("an empty message was accepted")
	}
}
