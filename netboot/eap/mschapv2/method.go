package mschapv2

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/airroot/airroot/netboot/eap"
)

// EAP-MSCHAPv2 op-codes (draft-kamath-pppext-eap-mschapv2-02 2).
const (
	opChallenge = 1
	opResponse  = 2
	opSuccess   = 3
	opFailure   = 4
)

// msHeaderLen is OpCode, MS-CHAPv2-ID and MS-Length.
const msHeaderLen = 4

// Method is the peer side of EAP-MSCHAPv2. The zero value with Identity
// and Hash set is ready; use a new one for each authentication.
type Method struct {
	Identity string    // user name, possibly DOMAIN\user
	Hash     Hash      // NT password hash
	Rand     io.Reader // source of the peer challenge; crypto/rand when nil

	auth, peer [16]byte
	nt         [24]byte
	responded  bool
	msk        []byte
	reason     error
}

// Type is eap.TypeMSCHAPv2.
func (m *Method) Type() eap.Type { return eap.TypeMSCHAPv2 }

// MSK is the peer's MPPE send key then its receive key (RFC 3079; the order
// wpa_supplicant and hostapd use), nil until the server proved it knows
// the password.
func (m *Method) MSK() []byte { return m.msk }

// Reason says why the server refused us, from its Failure request.
func (m *Method) Reason() error { return m.reason }

// Process answers a Challenge, Success or Failure request.
func (m *Method) Process(req *eap.Packet) ([]byte, error) {
	d := req.Data
	if len(d) < 1 {
		return nil, fmt.Errorf("parse MSCHAPv2 request: empty: %w", eap.ErrMalformed)
	}
	switch d[0] {
	case opChallenge:
		return m.challenge(d)
	case opSuccess:
		return m.success(d)
	case opFailure:
		m.reason = ParseFailure(message(d))
		return []byte{opFailure}, nil
	}
	return nil, fmt.Errorf("MSCHAPv2 op-code %d: %w", d[0], eap.ErrProtocol)
}

// ParseChallenge returns the MS-CHAPv2-ID and authenticator challenge of a
// Challenge request's Type-Data.
func ParseChallenge(d []byte) (id uint8, auth [16]byte, err error) {
	if len(d) < msHeaderLen+1+16 || d[0] != opChallenge || d[msHeaderLen] != 16 {
		return 0, auth, fmt.Errorf("parse MSCHAPv2 challenge of %d bytes: %w", len(d), eap.ErrMalformed)
	}
	return d[1], [16]byte(d[msHeaderLen+1:]), nil
}

func (m *Method) challenge(d []byte) ([]byte, error) {
	id, auth, err := ParseChallenge(d)
	if err != nil {
		return nil, err
	}
	r := m.Rand
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, m.peer[:]); err != nil {
		return nil, fmt.Errorf("MSCHAPv2 peer challenge: %w", err)
	}
	m.auth = auth
	m.nt = NTResponse(auth, m.peer, UserName(m.Identity), m.Hash)
	m.responded = true
	// Response: op-code, id, MS-Length, Value-Size 49, then Peer-Challenge,
	// 8 reserved zero bytes, NT-Response and a zero Flags byte, then Name.
	out := make([]byte, msHeaderLen+1+49, msHeaderLen+1+49+len(m.Identity))
	out[0], out[1], out[msHeaderLen] = opResponse, id, 49
	copy(out[msHeaderLen+1:], m.peer[:])
	copy(out[msHeaderLen+1+24:], m.nt[:])
	out = append(out, m.Identity...)
	binary.BigEndian.PutUint16(out[2:4], uint16(len(out)))
	return out, nil
}

// success checks the server's authenticator response; only then is the
// method done (RFC 2759 5: mutual authentication).
func (m *Method) success(d []byte) ([]byte, error) {
	if !m.responded {
		return nil, fmt.Errorf("MSCHAPv2 success before our response: %w", eap.ErrProtocol)
	}
	s, _, _ := strings.Cut(message(d), " ")
	if err := CheckAuthenticatorResponse(s, m.Hash, m.nt, m.peer, m.auth, UserName(m.Identity)); err != nil {
		return nil, err
	}
	send, recv := ClientStartKeys(MasterKey(m.Hash, m.nt))
	m.msk = append(send[:], recv[:]...)
	return []byte{opSuccess}, nil
}

// message is the text after the header of a Success or Failure request.
func message(d []byte) string {
	if len(d) < msHeaderLen {
		return ""
	}
	return string(d[msHeaderLen:])
}

// failureCodes are the E= values of RFC 2759 6.
var failureCodes = map[int]string{
	646: "restricted logon hours",
	647: "account disabled",
	648: "password expired",
	649: "no dial-in permission",
	709: "error changing password",
}

// ParseFailure turns a Failure message "E=691 R=0 C=... V=3 M=text" into
// an error; E=691 wraps eap.ErrWrongPassword.
func ParseFailure(msg string) error {
	var code int
	var text string
	rest := msg
	for rest != "" {
		var field string
		field, rest, _ = strings.Cut(rest, " ")
		switch {
		case strings.HasPrefix(field, "E="):
			code, _ = strconv.Atoi(field[2:])
		case strings.HasPrefix(field, "M="):
			text = strings.TrimSpace(field[2:] + " " + rest)
			rest = ""
		}
	}
	if text != "" {
		text = " (server says: " + text + ")"
	}
	if code == 691 {
		return fmt.Errorf("MSCHAPv2 E=691: %w%s", eap.ErrWrongPassword, text)
	}
	if meaning, ok := failureCodes[code]; ok {
		return fmt.Errorf("MSCHAPv2 E=%d: %s%s", code, meaning, text)
	}
	return fmt.Errorf("MSCHAPv2 failure %q", msg)
}
