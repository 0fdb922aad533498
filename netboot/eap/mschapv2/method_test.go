package mschapv2

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/airroot/airroot/netboot/eap"
)

// challengeRequest builds the Type-Data of a Challenge request.
func challengeRequest(id uint8, auth [16]byte, name string) []byte {
	d := []byte{opChallenge, id, 0, 0, 16}
	d = append(append(d, auth[:]...), name...)
	binary.BigEndian.PutUint16(d[2:4], uint16(len(d)))
	return d
}

func textRequest(op, id uint8, msg string) []byte {
	d := append([]byte{op, id, 0, 0}, msg...)
	binary.BigEndian.PutUint16(d[2:4], uint16(len(d)))
	return d
}

// TestMethodExchange runs the method against an authenticator written from
// RFC 2759 in this test: the response must carry the RFC 2759 9.2
// NT-Response, and only the right authenticator response completes it.
func TestMethodExchange(t *testing.T) {
	rightS := "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=welcome"
	tests := []struct {
		name    string
		final   []byte
		wantMSK bool
		wantErr error
		reason  error
	}{
		{"success", textRequest(opSuccess, 7, rightS), true, nil, nil},
		{"forged success", textRequest(opSuccess, 7, "S=0000000000000000000000000000000000000000"), false, errAny, nil},
		{"wrong password", textRequest(opFailure, 7, "E=691 R=0 C=00000000000000000000000000000000 V=3 M=bad"), false, nil, eap.ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &Method{Identity: `LAB\User`, Hash: NTPasswordHash(rfcPassword), Rand: bytes.NewReader(rfcPeer[:])}
			resp, err := m.Process(&eap.Packet{Type: eap.TypeMSCHAPv2, Data: challengeRequest(7, rfcAuth, "srv")})
			if err != nil {
				t.Fatalf("challenge: %v", err)
			}
			wantNT := unhex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")
			if len(resp) != 54+len(`LAB\User`) || resp[0] != opResponse || resp[1] != 7 || resp[4] != 49 ||
				!bytes.Equal(resp[5:21], rfcPeer[:]) || !bytes.Equal(resp[29:53], wantNT) || string(resp[54:]) != `LAB\User` {
				t.Fatalf("response %x does not carry the RFC 2759 NT-Response", resp)
			}
			if int(binary.BigEndian.Uint16(resp[2:4])) != len(resp) {
				t.Errorf("MS-Length %d, response is %d bytes", binary.BigEndian.Uint16(resp[2:4]), len(resp))
			}
			_, err = m.Process(&eap.Packet{Type: eap.TypeMSCHAPv2, Data: tt.final})
			if (err != nil) != (tt.wantErr != nil) {
				t.Fatalf("final request: err %v, want error %v", err, tt.wantErr != nil)
			}
			if (m.MSK() != nil) != tt.wantMSK {
				t.Errorf("MSK %x, want one: %v", m.MSK(), tt.wantMSK)
			}
			if tt.reason != nil && !errors.Is(m.Reason(), tt.reason) {
				t.Errorf("Reason() = %v, want %v", m.Reason(), tt.reason)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestSuccessBeforeResponse(t *testing.T) {
	m := &Method{Identity: "User", Hash: NTPasswordHash(rfcPassword)}
	_, err := m.Process(&eap.Packet{Type: eap.TypeMSCHAPv2, Data: textRequest(opSuccess, 1, "S=407A5589115FD0D6209F510FE9C04566932CDA56")})
	if !errors.Is(err, eap.ErrProtocol) {
		t.Fatalf("success before response: %v, want ErrProtocol", err)
	}
}

func TestParseFailure(t *testing.T) {
	tests := []struct {
		msg  string
		want error
		text string
	}{
		{"E=691 R=0 C=00 V=3 M=Authentication failed", eap.ErrWrongPassword, "MSCHAPv2 E=691: wrong user name or password (server says: Authentication failed)"},
		{"E=648 R=0 V=3", nil, "MSCHAPv2 E=648: password expired"},
		{"garbage", nil, `MSCHAPv2 failure "garbage"`},
	}
	for _, tt := range tests {
		err := ParseFailure(tt.msg)
		if err.Error() != tt.text || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("ParseFailure(%q) = %v, want %q wrapping %v", tt.msg, err, tt.text, tt.want)
		}
	}
}

func FuzzProcess(f *testing.F) {
	f.Add(challengeRequest(1, rfcAuth, "x"))
	f.Add(textRequest(opSuccess, 1, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=ok"))
	f.Add(textRequest(opFailure, 1, "E=691 R=1 C=0 V=3 M=no"))
	f.Fuzz(func(t *testing.T, d []byte) {
		m := &Method{Identity: "User", Hash: NTPasswordHash("x"), Rand: bytes.NewReader(make([]byte, 64))}
		if _, err := m.Process(&eap.Packet{Type: eap.TypeMSCHAPv2, Data: challengeRequest(1, rfcAuth, "")}); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Process(&eap.Packet{Type: eap.TypeMSCHAPv2, Data: d}); err == nil && m.MSK() != nil {
			t.Fatalf("%x completed the method without the password", d)
		}
	})
}
