package boot

import "testing"

func TestHasPassphrase(t *testing.T) {
	tests := []struct {
		name string
		conf string
		want bool
	}{
		{name: "pass-phrase", conf: "network={\n\tssid=\"home\"\n\tpsk=\"correct horse\"\n}\n", want: true},
		{name: "spaces around", conf: "network={\n  psk = \"x y z w v\"\n}\n", want: true},
		{name: "psk in hex", conf: "network={\n\tssid=\"home\"\n\tpsk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n}\n"},
		{name: "commented out", conf: "#psk=\"old one\"\n"},
		{name: "another key", conf: "network={\n\tssid=\"psk=\\\"\"\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasPassphrase([]byte(tt.conf)); got != tt.want {
				t.Errorf("hasPassphrase = %v, want %v", got, tt.want)
			}
		})
	}
}
