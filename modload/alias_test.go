package modload

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const aliasFile = `# Aliases extracted from modules themselves.
alias crypto-ccm ccm
alias ccm ccm
alias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8192cu
alias usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in* rtl8xxxu
alias usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in* uas
alias usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in* usb-storage
alias usb:v13FDp3940d*dc*dsc*dp*ic*isc*ip*in* usb-storage

alias virtio:d0000001Dv* mac80211_hwsim
`

func TestParseAlias(t *testing.T) {
	got, err := ParseAlias(strings.NewReader(aliasFile))
	if err != nil {
		t.Fatal(err)
	}
	want := Aliases{
		{Pattern: "crypto-ccm", Module: "ccm"},
		{Pattern: "ccm", Module: "ccm"},
		{Pattern: "usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", Module: "rtl8192cu"},
		{Pattern: "usb:v0BDAp8176d*dc*dsc*dp*ic*isc*ip*in*", Module: "rtl8xxxu"},
		{Pattern: "usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in*", Module: "uas"},
		{Pattern: "usb:v13FDp3940d0[0-2]*dc*dsc*dp*ic*isc*ip*in*", Module: "usb_storage"},
		{Pattern: "usb:v13FDp3940d*dc*dsc*dp*ic*isc*ip*in*", Module: "usb_storage"},
		{Pattern: "virtio:d0000001Dv*", Module: "mac80211_hwsim"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseAlias (-want +got):\n%s", diff)
	}
}

func TestParseAliasErrors(t *testing.T) {
	tests := []struct{ name, input, wantErr string }{
		{name: "two fields", input: "alias ccm ccm\nalias ccm\n", wantErr: `parse modules.alias line 2: want "alias PATTERN MODULE", got "alias ccm"`},
		{name: "other keyword", input: "softdep ext4 pre: crc32c\n", wantErr: `parse modules.alias line 1: want "alias PATTERN MODULE", got "softdep ext4 pre: crc32c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAlias(strings.NewReader(tt.input))
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseAlias error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestAliasesLookup(t *testing.T) {
	aliases, err := ParseAlias(strings.NewReader(aliasFile))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		alias string
		want  []string
	}{
		{name: "crypto name", alias: "crypto-ccm", want: []string{"ccm"}},
		{name: "two drivers for one device", alias: "usb:v0BDAp8176d0200dcFFdscFFdpFFicFFiscFFipFFin00", want: []string{"rtl8192cu", "rtl8xxxu"}},
		{name: "each module once", alias: "usb:v13FDp3940d0150dc00dsc00dp00ic08isc06ip50in00", want: []string{"uas", "usb_storage"}},
		{name: "outside the range", alias: "usb:v13FDp3940d0350dc00dsc00dp00ic08isc06ip50in00", want: []string{"usb_storage"}},
		{name: "virtio", alias: "virtio:d0000001Dv00001AF4", want: []string{"mac80211_hwsim"}},
		{name: "nothing", alias: "crypto-ccm(aes)", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, aliases.Lookup(tt.alias)); diff != "" {
				t.Errorf("Lookup(%q) (-want +got):\n%s", tt.alias, diff)
			}
		})
	}
}

// FuzzParseAlias checks that ParseAlias never panics and that what it
// accepts survives a WriteTo and ParseAlias round trip unchanged.
func FuzzParseAlias(f *testing.F) {
	f.Add(aliasFile)
	f.Add("alias a-[b-c]-d e-f\nalias x\n")
	f.Fuzz(func(t *testing.T, input string) {
		aliases, err := ParseAlias(strings.NewReader(input))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if _, err := aliases.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := ParseAlias(&buf)
		if err != nil {
			t.Fatalf("ParseAlias of WriteTo output %q: %v", buf.String(), err)
		}
		if diff := cmp.Diff(aliases, again); diff != "" {
			t.Errorf("round trip (-first +second):\n%s", diff)
		}
	})
}
