package conf

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzParse checks that Parse never panics, that its errors are typed, and
// that whatever it accepts survives WriteConfig and Parse unchanged.
func FuzzParse(f *testing.F) {
	f.Add("network={\n\tssid=\"IEEE\"\n\t#psk=\"password\"\n\tpsk=" + ieeePSK + "\n}\n")
	f.Add("country=GB\nnetwork={\nssid=P\"a\\x41\\101\"\nkey_mgmt=NONE\nfreq_list=2412\nbssid=02:00:00:00:00:01\n}\n")
	f.Add("network={\nssid=\"a\"\nkey_mgmt=NONE\nscan_freq=2412  5180\nfreq_list=5180\n}\nnetwork={\nssid=\"b\"\npsk=\"password\"\nscan_freq=\n}\n")
	f.Add("cred={\n}\nnetwork={\nssid=4142\npsk=\"password\"\nieee80211w=2\npriority=-1\n}\n")
	f.Add(eduroam)
	f.Add("network={\nssid=\"lab\"\nkey_mgmt=WPA-EAP-SHA256\neap=TLS\nidentity=\"pi\"\nclient_cert=\"c.pem\"\nprivate_key=\"k.pem\"\nieee80211w=2\n}\n")
	f.Add("sae_groups=20 21 19\nnetwork={\nssid=\"x\"\nkey_mgmt=SAE\nsae_password=\"p\"\n}\nsae_groups=\n")
	f.Add("sae_pwe=2\nnetwork={\nssid=\"x\"\nkey_mgmt=WPA-PSK SAE\npsk=\"password\"\nsae_password_id=\"id\"\n}\nnetwork={\nssid=\"y\"\nkey_mgmt=SAE\nsae_password=P\"\\x01\"\nsae_pwe=1\n}\n")
	f.Add("pmf=2\nnetwork={\nssid=\"x\"\npsk=\"password\"\nproto=RSN WPA\npairwise=CCMP TKIP\nauth_alg=OPEN\nmode=0\n}\n")
	f.Add("network={\nssid=\"c\"\nkey_mgmt=WPA-EAP\neap=PEAP\nidentity=\"u\"\npassword=\"p\"\nphase1=\"0 peapver=0\"\n" +
		"altsubject_match=\"DNS:a\"\nsubject_match=\"CN=a\"\n}\n")
	testutil.AddFileSeeds(f, "testdata/real/*")
	f.Fuzz(func(t *testing.T, in string) {
		cfg, _, err := Parse(strings.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		var out bytes.Buffer
		if err := WriteConfig(&out, cfg); err != nil {
			t.Fatalf("WriteConfig of a parsed config: %v", err)
		}
		again, warnings, err := Parse(&out)
		if err != nil || len(warnings) != 0 {
			t.Fatalf("Parse(WriteConfig) warnings %v error %v\n%s", warnings, err, out.String())
		}
		if diff := cmp.Diff(cfg, again, cmpopts.IgnoreFields(Network{}, "Line"), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}
