package wifi

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

// statusNoRoom is IEEE 802.11 status 17, AP_UNABLE_TO_HANDLE_NEW_STA: the
// access point's association table is full.
const statusNoRoom = 17

// TestJoinAvoidsAnAccessPointThatFailed: after an access point refuses the
// association or its handshake fails, the next join goes to another access
// point of the network, and to that one again only once its time is up;
// when it is the only one, the next join tries it again at once.
func TestJoinAvoidsAnAccessPointThatFailed(t *testing.T) {
	const pass = "correct horse battery staple"
	for _, tt := range []struct {
		name     string
		bad      func(t *testing.T) *fakeAP // the stronger access point, which fails
		alone    bool                       // no other access point
		wantErr  error
		wantNext string // the second join's access point
	}{
		{name: "association table full (status 17)", wantErr: ErrAssociation, wantNext: "02:00:00:00:00:01",
			bad: func(t *testing.T) *fakeAP {
				ap := newFakeAP(t, "02:00:00:00:00:02", "home", pass, rsnePSKCCMP)
				ap.status = statusNoRoom
				return ap
			}},
		{name: "a wrong key on one access point", wantErr: ErrWrongPassphrase, wantNext: "02:00:00:00:00:01",
			bad: func(t *testing.T) *fakeAP {
				return newFakeAP(t, "02:00:00:00:00:02", "home", "another pass-phrase", rsnePSKCCMP)
			}},
		{name: "the only access point refuses: tried again", alone: true, wantErr: ErrAssociation, wantNext: "02:00:00:00:00:02",
			bad: func(t *testing.T) *fakeAP {
				ap := newFakeAP(t, "02:00:00:00:00:02", "home", pass, rsnePSKCCMP)
				ap.status = statusNoRoom
				return ap
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := tt.bad(t)
			bad.bss.Signal = -2000
			aps := []*fakeAP{bad}
			if !tt.alone {
				good := newFakeAP(t, "02:00:00:00:00:01", "home", pass, rsnePSKCCMP)
				good.bss.Signal = -7000
				aps = append(aps, good)
			}
			w := newWorld(t, ccmpWiphy, aps...)
			now := time.Unix(1000, 0)
			opts := w.options()
			opts.Avoid, opts.Now = &Avoid{}, func() time.Time { return now }

			if _, err := w.join(homeConf, opts); !errors.Is(err, tt.wantErr) {
				t.Fatalf("first Join error %v, want %v\n%s", err, tt.wantErr, w.log())
			}
			_, _ = w.join(homeConf, opts)
			now = now.Add(10 * time.Second) // the first failure's time is up
			_, _ = w.join(homeConf, opts)
			var got []string
			for _, r := range w.k.Requests(unix.NL80211_CMD_CONNECT) {
				b, _ := r.Attr(unix.NL80211_ATTR_MAC)
				got = append(got, net.HardwareAddr(b).String())
			}
			want := []string{"02:00:00:00:00:02", tt.wantNext, "02:00:00:00:00:02"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("CMD_CONNECTs (-want +got):\n%s\n%s", diff, w.log())
			}
		})
	}
}
