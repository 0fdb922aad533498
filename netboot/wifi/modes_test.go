package wifi

import "testing"

func TestParseModes(t *testing.T) {
	tests := []struct {
		in        string
		handshake HandshakeMode
		eapol     EAPOLPath
		hsErr     bool
		eapolErr  bool
	}{
		{in: "auto", handshake: HandshakeAuto, eapol: EAPOLAuto},
		{in: "host", handshake: HandshakeHost, eapolErr: true},
		{in: "offload", handshake: HandshakeOffload, eapolErr: true},
		{in: "nl80211", hsErr: true, eapol: EAPOLNL80211},
		{in: "packet", hsErr: true, eapol: EAPOLPacket},
		{in: "", hsErr: true, eapolErr: true},
		{in: "Host", hsErr: true, eapolErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			hs, err := ParseHandshakeMode(tt.in)
			if (err != nil) != tt.hsErr || (err == nil && hs != tt.handshake) {
				t.Errorf("ParseHandshakeMode = %v, %v; want %v, error %v", hs, err, tt.handshake, tt.hsErr)
			}
			if err == nil && hs.String() != tt.in {
				t.Errorf("HandshakeMode.String = %q, want %q", hs, tt.in)
			}
			p, err := ParseEAPOLPath(tt.in)
			if (err != nil) != tt.eapolErr || (err == nil && p != tt.eapol) {
				t.Errorf("ParseEAPOLPath = %v, %v; want %v, error %v", p, err, tt.eapol, tt.eapolErr)
			}
			if err == nil && p.String() != tt.in {
				t.Errorf("EAPOLPath.String = %q, want %q", p, tt.in)
			}
		})
	}
}
