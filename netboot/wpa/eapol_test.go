package wpa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseEAPOLCapturedMessage3(t *testing.T) {
	k, err := ParseEAPOL(unhex(t, hostapdMsg3))
	if err != nil {
		t.Fatal(err)
	}
	want := &Key{
		ProtocolVersion: 2,
		DescriptorType:  DescriptorRSN,
		Info: KeyVersionHMACSHA1AES | KeyInfoPairwise | KeyInfoInstall | KeyInfoAck | KeyInfoMIC |
			KeyInfoSecure | KeyInfoEncryptedKeyData,
		Length:        16,
		ReplayCounter: 2,
		Nonce:         unhex32(t, "2b5852b88e4ca34dc599ed202c63957c535e3efa9289873411127cbaf3588425"),
		MIC:           [16]byte(unhex(t, "f8626a5776c733bfc071de62ebf7a7c5")),
		Data: unhex(t, `14dd52803dc83df7ba7eb648296d650e88ccc8dd676204a2c7c1f2650bcaf96b
			66f5b43d9926adc5ce18c0a99be50e508584b157e37a5e0f`),
	}
	if diff := cmp.Diff(want, k); diff != "" {
		t.Errorf("ParseEAPOL (-want +got):\n%s", diff)
	}
	if got, want := k.Info.String(), "v2|pairwise|install|ack|mic|secure|encrypted"; got != want {
		t.Errorf("Info.String() = %q, want %q", got, want)
	}
}

func TestEAPOLRoundTrip(t *testing.T) {
	for _, frame := range []string{apMsg1, apMsg2, apMsg3, apMsg4, hostapdMsg1, hostapdMsg2, hostapdMsg3,
		hostapdMsg4, hostapdGroup1, hostapdGroup2} {
		b := unhex(t, frame)
		k, err := ParseEAPOL(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b, got); diff != "" {
			t.Errorf("MarshalBinary(ParseEAPOL(x)) != x (-want +got):\n%s", diff)
		}
	}
}

func TestParseEAPOLIgnoresEthernetPadding(t *testing.T) {
	b := append(unhex(t, hostapdGroup2), make([]byte, 20)...)
	k, err := ParseEAPOL(b)
	if err != nil {
		t.Fatal(err)
	}
	if k.ReplayCounter != 3 || len(k.Data) != 0 {
		t.Errorf("parsed %+v", k)
	}
	if err := VerifyMIC(make([]byte, 16), b); !errors.Is(err, ErrBadMIC) {
		t.Errorf("VerifyMIC with a wrong KCK = %v, want ErrBadMIC", err)
	}
}

func TestParseEAPOLErrors(t *testing.T) {
	valid := unhex(t, hostapdMsg2)
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), valid...)) }
	tests := []struct {
		name  string
		frame []byte
		want  error
		msg   string
	}{
		{"empty", nil, ErrMalformed, "parse EAPOL frame: 0 bytes, shorter than the 4-byte header: malformed"},
		{"EAP packet", []byte{2, 0, 0, 4, 1, 2, 0, 4}, ErrUnsupported,
			"parse EAPOL frame: packet type 0 is not EAPOL-Key (3): not supported"},
		{"body longer than frame", valid[:50], ErrMalformed,
			"parse EAPOL-Key frame: body length 115 but only 46 bytes follow the header: malformed"},
		{"empty body", []byte{2, 3, 0, 0}, ErrMalformed, "parse EAPOL-Key frame: empty body: malformed"},
		{"WPA1", edit(func(b []byte) []byte { b[4] = DescriptorWPA; return b }), ErrUnsupported,
			"parse EAPOL-Key frame: descriptor type 254 is not RSN (2); WPA1 is not supported"},
		{"short body", edit(func(b []byte) []byte { b[2], b[3] = 0, 90; return b }), ErrMalformed,
			"parse EAPOL-Key frame: body of 90 bytes, shorter than 95: malformed"},
		{"key data overflows", edit(func(b []byte) []byte { b[98] = 21; return b }), ErrMalformed,
			"parse EAPOL-Key frame: key data length 21 but 20 bytes remain: malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseEAPOL(tt.frame)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseEAPOL error = %v, want %v", err, tt.want)
			}
			if err.Error() != tt.msg {
				t.Errorf("error text = %q, want %q", err, tt.msg)
			}
		})
	}
}

func TestMarshalRejectsHugeKeyData(t *testing.T) {
	k := &Key{Data: make([]byte, maxKeyDataLength+1)}
	if _, err := k.MarshalBinary(); !errors.Is(err, ErrMalformed) {
		t.Errorf("MarshalBinary = %v, want ErrMalformed", err)
	}
	if _, err := k.Sign(make([]byte, 16)); !errors.Is(err, ErrMalformed) {
		t.Errorf("Sign = %v, want ErrMalformed", err)
	}
}

func TestComputeMICErrors(t *testing.T) {
	short := unhex(t, hostapdMsg4)
	tests := []struct {
		name  string
		frame []byte
	}{
		{"shorter than an EAPOL-Key frame", short[:98]},
		{"body length past the end", func() []byte { b := append([]byte(nil), short...); b[3]++; return b }()},
		{"body length too small", func() []byte { b := append([]byte(nil), short...); b[3] = 10; return b }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ComputeMIC(make([]byte, 16), tt.frame); !errors.Is(err, ErrMalformed) {
				t.Errorf("ComputeMIC = %v, want ErrMalformed", err)
			}
			if err := VerifyMIC(make([]byte, 16), tt.frame); !errors.Is(err, ErrMalformed) {
				t.Errorf("VerifyMIC = %v, want ErrMalformed", err)
			}
		})
	}
}

// A version 3 frame's MIC is AES-128-CMAC (checked against RFC 4493 in
// cmac_test.go) over the frame with a zero MIC field, and version 1 (TKIP
// pairwise, HMAC-MD5) is refused.
func TestComputeMICByVersion(t *testing.T) {
	kck := unhex(t, "2b7e151628aed2a6abf7158809cf4f3c")
	k := &Key{ProtocolVersion: 2, DescriptorType: DescriptorRSN, Info: KeyVersionAESCMAC | KeyInfoPairwise | KeyInfoMIC,
		ReplayCounter: 7, Data: []byte{48, 2, 1, 0}}
	frame, err := k.Sign(kck)
	if err != nil {
		t.Fatal(err)
	}
	zeroed := append([]byte(nil), frame...)
	clear(zeroed[micOffset : micOffset+micLen])
	want, err := AESCMAC(kck, zeroed)
	if err != nil {
		t.Fatal(err)
	}
	if k.MIC != want {
		t.Errorf("version 3 MIC %x, want AES-CMAC %x", k.MIC, want)
	}
	if err := VerifyMIC(kck, frame); err != nil {
		t.Errorf("VerifyMIC of a signed version 3 frame: %v", err)
	}
	k.Info = 1 | KeyInfoPairwise | KeyInfoMIC
	if _, err := k.Sign(kck); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Sign with version 1 = %v, want ErrUnsupported", err)
	}
}

func TestKeyInfo(t *testing.T) {
	tests := []struct {
		info    KeyInfo
		version int
		str     string
	}{
		{0x008a, 2, "v2|pairwise|ack"},
		{0x010a, 2, "v2|pairwise|mic"},
		{0x1382, 2, "v2|ack|mic|secure|encrypted"},
		{0x2c01, 1, "v1|error|request|smk"},
	}
	for _, tt := range tests {
		if tt.info.Version() != tt.version || tt.info.String() != tt.str {
			t.Errorf("KeyInfo(%#04x): version %d %q, want %d %q", uint16(tt.info), tt.info.Version(), tt.info, tt.version, tt.str)
		}
	}
}
