package wifi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/airroot/airroot/netboot/nl80211/nl80211test"
	"github.com/airroot/airroot/netboot/wpa"
)

// externalSAEWorld is a fullMAC driver that cannot run SAE: it refuses
// CMD_AUTHENTICATE, asks for SAE when CONNECT offers external
// authentication, carries the frames with CMD_FRAME, and connects once told
// the SAE succeeded. statuses receives each status the station reported.
func externalSAEWorld(t *testing.T, password string) (*world, *fakeAP, chan uint16) {
	ap := newSAEAP(t, "02:00:00:00:00:01", "home", password)
	ap.sae.external = true
	w := newWorld(t, ccmpWiphy, ap)
	w.k.Fail(unix.NL80211_CMD_AUTHENTICATE, int(unix.EOPNOTSUPP))
	var connect nl80211test.ConnectRequest
	w.k.OnConnect = func(r nl80211test.ConnectRequest) {
		if !r.ExternalAuth {
			t.Errorf("CMD_CONNECT without NL80211_ATTR_EXTERNAL_AUTH_SUPPORT")
			return
		}
		if typ, _ := r.Request.Attr(unix.NL80211_ATTR_AUTH_TYPE); len(typ) != 4 || binary.NativeEndian.Uint32(typ) != unix.NL80211_AUTHTYPE_SAE {
			t.Errorf("CMD_CONNECT auth type %x, want SAE", typ)
		}
		connect = r
		if err := w.k.ExternalAuthRequest(r.Ifindex, ap.bss.BSSID, "home", uint32(wpa.AKMSAE)); err != nil {
			t.Errorf("external auth request: %v", err)
		}
	}
	w.k.OnFrameTx = func(ifindex int, frame []byte) {
		if len(frame) < 26 || frame[0] != 0xb0 || binary.LittleEndian.Uint16(frame[24:]) != 3 {
			t.Errorf("CMD_FRAME %x, want an SAE authentication frame", frame)
			return
		}
		ap.authenticate(nl80211test.AuthRequest{Ifindex: ifindex, BSSID: ap.bss.BSSID, AuthType: 4, SAEData: frame[26:]})
	}
	statuses := make(chan uint16, 4)
	w.k.OnExternalAuth = func(s nl80211test.ExternalAuthStatus) {
		statuses <- s.Status
		if s.Status == 0 {
			ap.connect(connect)
		}
	}
	return w, ap, statuses
}

func TestJoinExternalSAE(t *testing.T) {
	tests := []struct {
		name     string
		password string
		wantErr  error
		frames   []string
		status   uint16
	}{
		{name: "joins", password: "correct horse battery staple",
			frames: []string{"SAE commit", "SAE confirm", "message 2", "message 4"}},
		{name: "wrong password", password: "a different password", wantErr: ErrWrongPassphrase,
			frames: []string{"SAE commit", "SAE confirm that does not verify"}, status: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ap, statuses := externalSAEWorld(t, tt.password)
			s, err := w.join(saeConf, w.options())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Join error %v, want %v\n%s", err, tt.wantErr, w.log())
			}
			if diff := cmp.Diff(tt.frames, ap.messages()); diff != "" {
				t.Errorf("frames the access point received (-want +got):\n%s", diff)
			}
			if got := <-statuses; got != tt.status {
				t.Errorf("CMD_EXTERNAL_AUTH status %d, want %d", got, tt.status)
			}
			if !registeredSAEFrames(w) {
				t.Errorf("no CMD_REGISTER_FRAME for SAE authentication frames")
			}
			if n := len(w.k.Requests(unix.NL80211_CMD_ASSOCIATE)); n != 0 {
				t.Errorf("%d CMD_ASSOCIATE requests; the driver associates itself", n)
			}
			if err == nil && s.Times.SAEDone.IsZero() {
				t.Errorf("SAE not timed: %+v", s.Times)
			}
		})
	}
}

// registeredSAEFrames reports whether the station registered for SAE
// authentication frames (type 0x00b0, body starting with algorithm 3).
func registeredSAEFrames(w *world) bool {
	for _, r := range w.k.Requests(unix.NL80211_CMD_REGISTER_FRAME) {
		typ, _ := r.Attr(unix.NL80211_ATTR_FRAME_TYPE)
		match, _ := r.Attr(unix.NL80211_ATTR_FRAME_MATCH)
		if len(typ) == 2 && binary.NativeEndian.Uint16(typ) == 0x00b0 && bytes.Equal(match, []byte{3, 0}) {
			return true
		}
	}
	return false
}

func TestJoinExternalSAEAborted(t *testing.T) {
	w, ap, _ := externalSAEWorld(t, "correct horse battery staple")
	w.k.OnConnect = func(r nl80211test.ConnectRequest) {
		if err := w.k.ExternalAuthAbort(r.Ifindex, ap.bss.BSSID, "home", uint32(wpa.AKMSAE)); err != nil {
			t.Errorf("external auth abort: %v", err)
		}
	}
	_, err := w.join(saeConf, w.options())
	if !errors.Is(err, ErrAssociation) || !strings.Contains(err.Error(), "aborted external authentication") {
		t.Fatalf("Join error %v, want the driver's abort as an association error\n%s", err, w.log())
	}
	if got := ap.messages(); len(got) != 0 {
		t.Errorf("the access point received %q; nothing should go out after an abort", got)
	}
}
