package eap

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

// fakeMethod finishes after rounds requests and counts its calls, so a
// retransmission processed twice shows.
type fakeMethod struct {
	typ    Type
	rounds int
	calls  int
	reason error
}

func (m *fakeMethod) Type() Type { return m.typ }
func (m *fakeMethod) Process(req *Packet) ([]byte, error) {
	m.calls++
	return []byte{byte(m.calls)}, nil
}
func (m *fakeMethod) MSK() []byte {
	if m.calls >= m.rounds {
		return bytes.Repeat([]byte{0x5a}, 64)
	}
	return nil
}
func (m *fakeMethod) Reason() error { return m.reason }

func req(tb testing.TB, id uint8, t Type, data ...byte) []byte {
	tb.Helper()
	b, err := (&Packet{Code: CodeRequest, ID: id, Type: t, Data: data}).MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func newPeer(m *fakeMethod) *Peer {
	return &Peer{Identity: "anonymous@example.org", Methods: []MethodSpec{
		{Type: TypePEAP, New: func() Method { return m }},
		{Type: TypeTTLS, New: func() Method { return &fakeMethod{typ: TypeTTLS} }},
	}}
}

var (
	success = []byte{byte(CodeSuccess), 9, 0, 4}
	failure = []byte{byte(CodeFailure), 9, 0, 4}
)

func TestPeerConversation(t *testing.T) {
	errReason := errors.New("E=691")
	type step struct {
		in       []byte
		wantResp string // hex, "" for none
		wantDone bool
		wantErr  error
	}
	tests := []struct {
		name   string
		method *fakeMethod
		steps  []step
		calls  int
	}{
		{"identity, nak, method, success", &fakeMethod{typ: TypePEAP, rounds: 2}, []step{
			{in: req(t, 1, TypeIdentity), wantResp: "0201001a01616e6f6e796d6f7573406578616d706c652e6f7267"},
			{in: req(t, 2, TypeTLS, 0x20), wantResp: "02020007031915"},
			{in: req(t, 3, TypePEAP, 0x21), wantResp: "020300061901"},
			{in: req(t, 3, TypePEAP, 0x21), wantResp: "020300061901"}, // retransmission
			{in: req(t, 4, TypePEAP, 0), wantResp: "020400061902"},
			{in: success, wantDone: true},
		}, 2},
		{"same id, new content is processed", &fakeMethod{typ: TypePEAP, rounds: 9}, []step{
			{in: req(t, 3, TypePEAP, 0x21), wantResp: "020300061901"},
			{in: req(t, 3, TypePEAP, 0x22), wantResp: "020300061902"},
		}, 2},
		{"notification", &fakeMethod{typ: TypePEAP}, []step{
			{in: req(t, 1, TypeNotification, 'h', 'i'), wantResp: "0201000502"},
		}, 0},
		{"success before the method finished", &fakeMethod{typ: TypePEAP, rounds: 2}, []step{
			{in: req(t, 3, TypePEAP, 0x21), wantResp: "020300061901"},
			{in: success, wantErr: ErrProtocol},
		}, 1},
		{"success with no method", &fakeMethod{typ: TypePEAP}, []step{
			{in: success, wantErr: ErrProtocol},
		}, 0},
		{"failure carries the reason", &fakeMethod{typ: TypePEAP, rounds: 2, reason: errReason}, []step{
			{in: req(t, 3, TypePEAP, 0x21), wantResp: "020300061901"},
			{in: failure, wantErr: errReason},
		}, 1},
		{"failure", &fakeMethod{typ: TypePEAP}, []step{
			{in: failure, wantErr: ErrFailure},
		}, 0},
		{"a response is refused", &fakeMethod{typ: TypePEAP}, []step{
			{in: []byte{2, 1, 0, 5, 1}, wantErr: ErrProtocol},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPeer(tt.method)
			var notes []string
			p.Notify = func(s string) { notes = append(notes, s) }
			for i, s := range tt.steps {
				resp, done, err := p.Receive(s.in)
				if !errors.Is(err, s.wantErr) {
					t.Fatalf("step %d: error %v, want %v", i, err, s.wantErr)
				}
				if got := hex.EncodeToString(resp); got != s.wantResp || done != s.wantDone {
					t.Fatalf("step %d: response %s done %v, want %s done %v", i, got, done, s.wantResp, s.wantDone)
				}
				if done && len(p.MSK()) != 64 {
					t.Fatalf("step %d: done with MSK %x", i, p.MSK())
				}
			}
			if tt.method.calls != tt.calls {
				t.Errorf("method processed %d requests, want %d", tt.method.calls, tt.calls)
			}
			if tt.name == "notification" && (len(notes) != 1 || notes[0] != "hi") {
				t.Errorf("notifications %q, want [hi]", notes)
			}
		})
	}
}

func FuzzPeerReceive(f *testing.F) {
	f.Add(req(f, 1, TypeIdentity))
	f.Add(req(f, 2, TypePEAP, 0x21))
	f.Add(success)
	f.Fuzz(func(t *testing.T, b []byte) {
		p := newPeer(&fakeMethod{typ: TypePEAP, rounds: 1})
		if _, done, _ := p.Receive(b); done {
			t.Fatalf("%x: success without a method", b)
		}
	})
}
