package dot11

import (
	"encoding/binary"
	"errors"
	"net"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	sta   = net.HardwareAddr{0x02, 0, 0, 0, 0, 0}
	bssid = net.HardwareAddr{0x02, 0, 0, 0, 1, 0}
)

// qosDataFromSTA is a protected QoS data frame from sta to bssid with HT Control.
func qosDataFromSTA(protected bool) []byte {
	flags := uint8(flagToDS | flagOrder)
	if protected {
		flags |= flagProtected
	}
	b := header(TypeData, subtypeQoS, flags, bssid, sta, bssid)
	b = append(b, 0, 0, 1, 2, 3, 4) // QoS Control, HT Control
	b = append(b, llcSNAP...)
	return append(b, 0x88, 0x8e, 2, 3)
}

func TestParse(t *testing.T) {
	eapol := []byte{2, 3, 0, 0}
	tests := []struct {
		name      string
		frame     []byte
		want      Frame
		wantEther uint16
		wantClear bool
		wantErr   bool
	}{
		{name: "deauth", frame: Deauth(sta, bssid, 7),
			want: Frame{Type: TypeManagement, Subtype: SubtypeDeauth, Addr1: sta, Addr2: bssid, Addr3: bssid, Body: []byte{7, 0}}},
		{name: "EAPOL from the access point", frame: DataFromAP(sta, bssid, EtherTypeEAPOL, eapol),
			want:      Frame{Type: TypeData, FromDS: true, Addr1: sta, Addr2: bssid, Addr3: bssid, Body: append(append([]byte{}, llcSNAP...), 0x88, 0x8e, 2, 3, 0, 0)},
			wantEther: EtherTypeEAPOL, wantClear: true},
		{name: "QoS data with HT Control, in the clear", frame: qosDataFromSTA(false),
			want:      Frame{Type: TypeData, Subtype: subtypeQoS, ToDS: true, Addr1: bssid, Addr2: sta, Addr3: bssid, Body: append(append([]byte{}, llcSNAP...), 0x88, 0x8e, 2, 3)},
			wantEther: EtherTypeEAPOL, wantClear: true},
		{name: "QoS data, protected", frame: qosDataFromSTA(true),
			want: Frame{Type: TypeData, Subtype: subtypeQoS, ToDS: true, Protected: true, Addr1: bssid, Addr2: sta, Addr3: bssid, Body: append(append([]byte{}, llcSNAP...), 0x88, 0x8e, 2, 3)}},
		{name: "ACK: one address", frame: []byte{0xd4, 0, 0, 0, 2, 0, 0, 0, 0, 0},
			want: Frame{Type: TypeControl, Subtype: 13, Addr1: sta}},
		{name: "four addresses, header cut", frame: header(TypeData, 0, flagToDS|flagFromDS, sta, bssid, bssid), wantErr: true},
		{name: "too short", frame: []byte{0x08, 0, 0}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.frame)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse() error %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if !errors.Is(err, errShort) {
					t.Errorf("Parse() error %v, want it to wrap %v", err, errShort)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse() (-want +got):\n%s", diff)
			}
			ether, ok := got.ClearEtherType()
			if ether != tt.wantEther || ok != tt.wantClear {
				t.Errorf("ClearEtherType() = %#x, %v; want %#x, %v", ether, ok, tt.wantEther, tt.wantClear)
			}
		})
	}
}

// radiotapHeader is a radiotap header with the given presence words followed by fields.
func radiotapHeader(present []uint32, fields ...byte) []byte {
	b := make([]byte, 4)
	for _, p := range present {
		b = binary.LittleEndian.AppendUint32(b, p)
	}
	b = append(b, fields...)
	binary.LittleEndian.PutUint16(b[2:], uint16(len(b)))
	return b
}

func TestStripRadiotap(t *testing.T) {
	frame := Deauth(sta, bssid, 3)
	fcs := append(append([]byte{}, frame...), 0xde, 0xad, 0xbe, 0xef)
	tests := []struct {
		name    string
		packet  []byte
		want    []byte
		wantErr bool
	}{
		{name: "ours", packet: WithRadiotap(frame), want: frame},
		{name: "flags without FCS", packet: append(radiotapHeader([]uint32{1 << radiotapFlags}, 0), frame...), want: frame},
		{name: "flags with FCS", packet: append(radiotapHeader([]uint32{1 << radiotapFlags}, flagFCS), fcs...), want: frame},
		{name: "TSFT aligned, then flags with FCS",
			packet: append(radiotapHeader([]uint32{1<<radiotapTSFT | 1<<radiotapFlags}, 1, 2, 3, 4, 5, 6, 7, 8, flagFCS), fcs...), want: frame},
		{name: "two presence words, TSFT padded to 8",
			packet: append(radiotapHeader([]uint32{1<<radiotapTSFT | 1<<radiotapFlags | 1<<radiotapExt, 0}, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, flagFCS), fcs...), want: frame},
		{name: "FCS flag, no room for it", packet: append(radiotapHeader([]uint32{1 << radiotapFlags}, flagFCS), 1, 2), wantErr: true},
		{name: "version 1", packet: []byte{1, 0, 8, 0, 0, 0, 0, 0}, wantErr: true},
		{name: "length past the end", packet: []byte{0, 0, 40, 0, 0, 0, 0, 0}, wantErr: true},
		{name: "length below the minimum", packet: []byte{0, 0, 4, 0, 0, 0, 0, 0}, wantErr: true},
		{name: "short", packet: []byte{0, 0, 8}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := StripRadiotap(tt.packet)
			if (err != nil) != tt.wantErr {
				t.Fatalf("StripRadiotap() error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("StripRadiotap() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMessage1(t *testing.T) {
	var anonce [32]byte
	for i := range anonce {
		anonce[i] = byte(i)
	}
	const replay = 1 << 40
	for _, version := range []uint16{DescriptorHMACSHA1AES, DescriptorAESCMAC} {
		b := Message1(version, replay, anonce)
		if len(b) != 99 || int(binary.BigEndian.Uint16(b[2:])) != len(b)-4 {
			t.Fatalf("Message1(): %d bytes, body length field %d; want 99 and 95", len(b), binary.BigEndian.Uint16(b[2:]))
		}
		k, err := ParseKey(b)
		if err != nil {
			t.Fatal(err)
		}
		if k.Replay != replay || k.KeyInfo&keyInfoVersion != version || k.Message() != 1 {
			t.Errorf("Message1(%d) reads back as %+v (message %d), want replay %d, version %d, message 1", version, k, k.Message(), uint64(replay), version)
		}
		if got := b[4+13 : 4+13+32]; !cmp.Equal(got, anonce[:]) {
			t.Errorf("Message1() nonce = %x, want %x", got, anonce)
		}
	}
}

func TestKeyFrameMessage(t *testing.T) {
	tests := []struct {
		info  uint16
		nonce bool
		want  int
	}{
		{KeyInfoPairwise | KeyInfoAck, true, 1},
		{KeyInfoPairwise | KeyInfoMIC, true, 2},
		{KeyInfoPairwise | KeyInfoMIC | KeyInfoSecure, true, 2}, // in a rekey
		{KeyInfoPairwise | KeyInfoAck | KeyInfoMIC | KeyInfoInstall | KeyInfoSecure, true, 3},
		{KeyInfoPairwise | KeyInfoMIC | KeyInfoSecure, false, 4},
		{KeyInfoAck | KeyInfoMIC | KeyInfoSecure, false, 0}, // group message 1
		{KeyInfoPairwise, false, 0},
	}
	for _, tt := range tests {
		if got := (KeyFrame{KeyInfo: tt.info, HasNonce: tt.nonce}).Message(); got != tt.want {
			t.Errorf("KeyFrame{KeyInfo: %#x, HasNonce: %v}.Message() = %d, want %d", tt.info, tt.nonce, got, tt.want)
		}
	}
}

func TestParseKeyRejects(t *testing.T) {
	for _, b := range [][]byte{{2, 3, 0}, {2, 0, 0, 95, 2, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 1}} {
		if _, err := ParseKey(b); err == nil {
			t.Errorf("ParseKey(%x): want an error", b)
		}
	}
}

func FuzzParseCaptured(f *testing.F) {
	var anonce [32]byte
	f.Add(WithRadiotap(DataFromAP(sta, bssid, EtherTypeEAPOL, Message1(2, 7, anonce))))
	f.Add(WithRadiotap(Deauth(sta, bssid, 7)))
	f.Add(append(radiotapHeader([]uint32{1<<radiotapTSFT | 1<<radiotapFlags | 1<<radiotapExt, 0}, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, flagFCS), qosDataFromSTA(false)...))
	f.Fuzz(func(t *testing.T, packet []byte) {
		frame, err := StripRadiotap(packet)
		if err != nil {
			return
		}
		if len(frame) > len(packet) {
			t.Fatalf("StripRadiotap() returned %d bytes from %d", len(frame), len(packet))
		}
		f, err := Parse(frame)
		if err != nil {
			return
		}
		if len(f.Body) > len(frame) {
			t.Fatalf("Parse() body of %d bytes from a %d-byte frame", len(f.Body), len(frame))
		}
		if ether, ok := f.ClearEtherType(); ok && ether == EtherTypeEAPOL {
			if k, err := ParseKey(f.Body[len(llcSNAP)+2:]); err == nil {
				_ = k.Message()
			}
		}
	})
}
