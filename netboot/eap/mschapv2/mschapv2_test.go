package mschapv2

import (
	"encoding/hex"
	"strings"
	"testing"
)

// The RFC 2759 9.2 example, also the input of RFC 3079 3.5.
var (
	rfcUser     = "User"
	rfcPassword = "clientPass"
	rfcAuth     = [16]byte(unhex("5B5D7C7D7B3F2F3E3C2C602132262628"))
	rfcPeer     = [16]byte(unhex("21402324255E262A28295F2B3A337C7E"))
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// TestRFC2759Vector checks every intermediate value RFC 2759 9.2 prints.
func TestRFC2759Vector(t *testing.T) {
	h := NTPasswordHash(rfcPassword)
	nt := NTResponse(rfcAuth, rfcPeer, rfcUser, h)
	hh := h.hashHash()
	c := ChallengeHash(rfcPeer, rfcAuth, rfcUser)
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"ChallengeHash", c[:], "D02E4386BCE91226"},
		{"NtPasswordHash", h[:], "44EBBA8D5312B8D611474411F56989AE"},
		{"PasswordHashHash", hh[:], "41C00C584BD2D91C4017A2A12FA59F3F"},
		{"NT-Response", nt[:], "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"},
	}
	for _, tt := range tests {
		if got := strings.ToUpper(hex.EncodeToString(tt.got)); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
		}
	}
	const wantAuth = "S=407A5589115FD0D6209F510FE9C04566932CDA56"
	if got := AuthenticatorResponse(h, nt, rfcPeer, rfcAuth, rfcUser); got != wantAuth {
		t.Errorf("AuthenticatorResponse = %s, want %s", got, wantAuth)
	}
}

func TestCheckAuthenticatorResponse(t *testing.T) {
	h := NTPasswordHash(rfcPassword)
	nt := NTResponse(rfcAuth, rfcPeer, rfcUser, h)
	tests := []struct {
		name, got string
		ok        bool
	}{
		{"RFC 2759 value", "S=407A5589115FD0D6209F510FE9C04566932CDA56", true},
		{"lower-case hex", "S=407a5589115fd0d6209f510fe9c04566932cda56", true},
		{"one digit off", "S=407A5589115FD0D6209F510FE9C04566932CDA57", false},
		{"truncated", "S=407A5589115FD0D6209F510FE9C04566932CDA5", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAuthenticatorResponse(tt.got, h, nt, rfcPeer, rfcAuth, rfcUser)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckAuthenticatorResponse(%q) = %v, want ok=%v", tt.got, err, tt.ok)
			}
		})
	}
}

// TestRFC3079Keys checks RFC 3079 3.5.3 (128-bit keys): the master key,
// and SendStartKey128, which the RFC computes as the server's send key,
// so it is the client's receive key.
func TestRFC3079Keys(t *testing.T) {
	h := NTPasswordHash(rfcPassword)
	nt := [24]byte(unhex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"))
	master := MasterKey(h, nt)
	if got, want := strings.ToUpper(hex.EncodeToString(master[:])), "FDECE3717A8C838CB388E527AE3CDD31"; got != want {
		t.Errorf("MasterKey = %s, want %s", got, want)
	}
	send, recv := ClientStartKeys(master)
	if got, want := strings.ToUpper(hex.EncodeToString(recv[:])), "8B7CDC149B993A1BA118CB153F56DCCB"; got != want {
		t.Errorf("client receive start key = %s, want RFC 3079's SendStartKey128 %s", got, want)
	}
	if send == recv {
		t.Errorf("send and receive start keys are equal: %X", send)
	}
}

func TestUserName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"User", "User"},
		{`CORP\User`, "User"},
		{"user@example.org", "user@example.org"},
		{`a\b\c`, "c"},
	}
	for _, tt := range tests {
		if got := UserName(tt.in); got != tt.want {
			t.Errorf("UserName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
