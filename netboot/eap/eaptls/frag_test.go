package eaptls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/airroot/airroot/netboot/eap"
)

// TestFragmentOutput checks our fragments against RFC 5216 2.1.5 and 3.1:
// L and M on the first with the total length, M on the middle ones, no
// flag on the last, each sent after the server's empty Request.
func TestFragmentOutput(t *testing.T) {
	msg := make([]byte, 2*fragmentSize+100)
	for i := range msg {
		msg[i] = byte(i)
	}
	f := &fragmenter{version: 0}
	first := f.output(msg)
	if first[0] != flagLength|flagMore || binary.BigEndian.Uint32(first[1:5]) != uint32(len(msg)) || len(first) != 5+fragmentSize {
		t.Fatalf("first fragment header %x, %d bytes", first[:5], len(first))
	}
	got := append([]byte(nil), first[5:]...)
	for _, wantFlags := range []byte{flagMore, 0} {
		_, _, frag, err := f.input([]byte{0})
		if err != nil || frag == nil || frag[0] != wantFlags {
			t.Fatalf("fragment after an ACK: %x, %v; want flags %#x", frag[:1], err, wantFlags)
		}
		got = append(got, frag[1:]...)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("fragments do not add up to the message")
	}
	if small := f.output([]byte{1, 2, 3}); !bytes.Equal(small, []byte{0, 1, 2, 3}) {
		t.Errorf("unfragmented message %x, want 00010203", small)
	}
}

func TestFragmentInput(t *testing.T) {
	lenFlag := func(flags byte, total uint32, data ...byte) []byte {
		return append(binary.BigEndian.AppendUint32([]byte{flags}, total), data...)
	}
	tests := []struct {
		name    string
		frames  [][]byte
		want    []byte // message after the last frame
		start   bool
		acks    int
		wantErr error
	}{
		{"start", [][]byte{{flagStart | 1}}, nil, true, 0, nil},
		{"one frame", [][]byte{{0, 1, 2}}, []byte{1, 2}, false, 0, nil},
		{"one frame with L", [][]byte{lenFlag(flagLength, 2, 1, 2)}, []byte{1, 2}, false, 0, nil},
		{"three fragments", [][]byte{lenFlag(flagLength|flagMore, 5, 1, 2), {flagMore, 3, 4}, {0, 5}}, []byte{1, 2, 3, 4, 5}, false, 2, nil},
		{"length mismatch", [][]byte{lenFlag(flagLength|flagMore, 9, 1), {0, 2}}, nil, false, 1, eap.ErrMalformed},
		{"L without length", [][]byte{{flagLength, 1}}, nil, false, 0, eap.ErrMalformed},
		{"announced too long", [][]byte{lenFlag(flagLength|flagMore, maxMessage+1, 1)}, nil, false, 0, eap.ErrMalformed},
		{"no flags byte", [][]byte{{}}, nil, false, 0, eap.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fragmenter{version: 0}
			var msg, reply []byte
			var start bool
			var err error
			acks := 0
			for _, fr := range tt.frames {
				msg, start, reply, err = f.input(fr)
				if reply != nil {
					if !bytes.Equal(reply, []byte{0}) {
						t.Fatalf("ACK %x, want 00", reply)
					}
					acks++
				}
			}
			if !errors.Is(err, tt.wantErr) || acks != tt.acks {
				t.Fatalf("error %v after %d ACKs, want %v after %d", err, acks, tt.wantErr, tt.acks)
			}
			if err == nil && (!bytes.Equal(msg, tt.want) || start != tt.start) {
				t.Fatalf("message %x start %v, want %x start %v", msg, start, tt.want, tt.start)
			}
		})
	}
}

func TestFragmentWhileOwedACK(t *testing.T) {
	f := &fragmenter{}
	f.output(make([]byte, fragmentSize+1))
	if _, _, _, err := f.input([]byte{0, 1}); !errors.Is(err, eap.ErrProtocol) {
		t.Fatalf("data while we wait for an ACK: %v, want ErrProtocol", err)
	}
}

func FuzzFragmentInput(f *testing.F) {
	f.Add([]byte{flagLength | flagMore, 0, 0, 0, 5, 1}, []byte{0, 2})
	f.Add([]byte{flagStart}, []byte{0})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		fr := &fragmenter{}
		for _, d := range [][]byte{a, b} {
			msg, _, reply, err := fr.input(d)
			if err != nil {
				if !errors.Is(err, eap.ErrMalformed) {
					t.Fatalf("error %v does not wrap ErrMalformed", err)
				}
				return
			}
			if reply != nil && msg != nil {
				t.Fatalf("both a reply %x and a message %x", reply, msg)
			}
		}
	})
}

func FuzzParseAVPs(f *testing.F) {
	f.Add(appendAVP(appendAVP(nil, avp{code: attrUserName, data: []byte("u")}), avp{code: attrMSCHAP2Succ, vendor: vendorMicrosoft, data: []byte{1, 'S'}}))
	f.Add([]byte{0, 0, 0, 1, 0x40, 0, 0, 7})
	f.Fuzz(func(t *testing.T, d []byte) {
		avps, err := parseAVPs(d)
		if err != nil {
			if !errors.Is(err, eap.ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		var out []byte
		for _, a := range avps {
			out = appendAVP(out, a)
		}
		again, err := parseAVPs(out)
		if err != nil || len(again) != len(avps) {
			t.Fatalf("re-encoded AVPs do not parse back: %v, %d of %d", err, len(again), len(avps))
		}
	})
}

func FuzzPEAPReceive(f *testing.F) {
	f.Add([]byte{1, 9, 0, 11, byte(eap.TypeTLV), 0x80, 3, 0, 2, 0, 1})
	f.Add([]byte{byte(eap.TypeIdentity)})
	f.Add([]byte{byte(eap.TypeMSCHAPv2), 1, 5, 0, 21, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Fuzz(func(t *testing.T, d []byte) {
		p := newPEAPInner(Inner{Identity: "u"}, bytes.NewReader(make([]byte, 64)))
		for range 2 {
			if _, err := p.receive(d, 1); err != nil {
				return
			}
		}
		if p.done() {
			t.Fatalf("%x completed PEAP phase 2 without the password", d)
		}
	})
}
