package scenario

import (
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/testbed"
)

// The 802.1X user the access point's EAP server knows.
const (
	eapIdentity = "pi@airroot.test"
	eapPassword = "clientPass"
)

// eapScenarios join a WPA2-Enterprise access point run by hostapd's own EAP server,
// with certificates made for the boot: PEAP/MSCHAPv2 and EAP-TLS to the NFS root, a
// wrong password and a server the station has no reason to trust.
func eapScenarios() []Scenario {
	peapAP := testbed.AccessPoint{SSID: testSSID, EAP: &testbed.EAPServer{Method: "PEAP", Identity: eapIdentity, Password: eapPassword}}
	tlsAP := testbed.AccessPoint{SSID: testSSID, EAP: &testbed.EAPServer{Method: "TLS"}}
	papAP := testbed.AccessPoint{SSID: testSSID, EAP: &testbed.EAPServer{Method: "TTLS", Inner: "TTLS-PAP", Identity: eapIdentity, Password: eapPassword}}
	return []Scenario{
		wifiBoot("virt-wifi-ttls-pap", "virt", WiFi{AP: papAP, Station: eapStation("TTLS", eapPassword, true)}, 8*time.Minute),
		peapReauthSoak(peapAP),
		peapDeauthSoak(peapAP),
		wifiBoot("virt-wifi-peap", "virt", WiFi{AP: peapAP, Station: eapStation("PEAP", eapPassword, true)}, 8*time.Minute),
		wifiBoot("virt-wifi-eap-tls", "virt", WiFi{AP: tlsAP, Station: eapStation("TLS", "", true)}, 8*time.Minute),
		wifiBoot("virt-wifi-eap-tls-encrypted-key", "virt", WiFi{AP: tlsAP, Station: encryptedKeyStation()}, 8*time.Minute),
		{
			// The password is wrong: the server's MSCHAPv2 failure (E=691) must reach
			// the console, and airroot must keep trying.
			Name: "virt-wifi-peap-wrong-password", Board: "virt",
			Network: WiFi{AP: peapAP, Station: eapStation("PEAP", "not the password", true)},
			Checks: Checks{
				Expect:    []Pattern{apUp(peapAP)},
				StopAfter: Repeat{Pattern: Pattern{"airroot: ", "wrong user name or password"}, Count: 2},
			},
			Timeout: 8 * time.Minute,
		},
		{
			// No ca_cert= and no domain: airroot refuses the server and names its
			// certificate.
			Name: "virt-wifi-peap-untrusted", Board: "virt",
			Network: WiFi{AP: peapAP, Station: eapStation("PEAP", eapPassword, false)},
			Checks: Checks{
				Expect: []Pattern{apUp(peapAP)},
				StopAfter: Repeat{Pattern: Pattern{"airroot: ", "server certificate not trusted",
					`subject "CN=` + testbed.EAPServerName + `" issued by "CN=airroot e2e CA"`}, Count: 1},
			},
			Timeout: 8 * time.Minute,
		},
	}
}

// eapStation is a wpa_supplicant.conf for the access point's 802.1X network; the
// certificate files sit beside it (writeStationPKI). trust says whether it names the
// CA and the server's domain.
func eapStation(method, password string, trust bool) Station {
	lines := []string{"network={", `ssid="` + testSSID + `"`, "key_mgmt=WPA-EAP", "eap=" + method,
		`identity="` + eapIdentity + `"`, `anonymous_identity="anonymous@airroot.test"`}
	switch method {
	case "TLS":
		lines = append(lines, `client_cert="client.pem"`, `private_key="client.key"`)
	case "TTLS":
		lines = append(lines, `password="`+password+`"`, `phase2="auth=PAP"`)
	default:
		lines = append(lines, `password="`+password+`"`, `phase2="auth=MSCHAPV2"`)
	}
	if trust {
		lines = append(lines, `ca_cert="ca.pem"`, `domain_suffix_match="airroot.test"`)
	}
	return Station{Config: strings.Join(append(lines, "}"), "\n\t") + "\n"}
}

// encryptedKeyStation is EAP-TLS with the client key encrypted (PKCS#8, PBES2):
// airroot build decrypts it with private_key_passwd=, so the boot proves the
// decrypted key is the one the certificate names.
func encryptedKeyStation() Station {
	s := eapStation("TLS", "", true)
	s.KeyPassphrase = "e2e key pass-phrase"
	s.Config = strings.Replace(s.Config, `private_key="client.key"`,
		`private_key="client.key"`+"\n\t"+`private_key_passwd="`+s.KeyPassphrase+`"`, 1)
	return s
}

// peapReauthSoak: the access point authenticates the station again every 30 s
// (eap_reauth_period) during the keeper's I/O minute: EAP over the encrypted port,
// then a new 4-way handshake with the new PMK, with no NFS I/O error.
func peapReauthSoak(ap testbed.AccessPoint) Scenario {
	eap := *ap.EAP
	eap.ReauthSeconds = 30
	ap.EAP = &eap
	s := keeperSoak("virt-wifi-peap-reauth", KeeperSoak{Soak: guestproto.Soak{IOSeconds: soakSeconds}, MinPairwiseRekeys: 1})
	s.Network = WiFi{AP: ap, Station: eapStation("PEAP", eapPassword, true)}
	s.Checks.Expect[0] = apUp(ap)
	return s
}

// cachedRejoin is the keeper's line for a rejoin that used the cached PMKSA.
var cachedRejoin = Pattern{"wifi: reconnected after", "with the cached PMKSA"}

// peapDeauthSoak: the access point deauthenticates the station twice during the
// keeper's I/O minute; the rejoins skip EAP with the cached PMKSA (802.11-2020
// 12.6.10.3), with no NFS I/O error.
func peapDeauthSoak(ap testbed.AccessPoint) Scenario {
	s := keeperSoak("virt-wifi-peap-deauth", KeeperSoak{Soak: guestproto.Soak{IOSeconds: soakSeconds}},
		Deauth{At: []float64{15, 40}, MaxReconnect: maxReconnect})
	s.Network = WiFi{AP: ap, Station: eapStation("PEAP", eapPassword, true)}
	s.Checks.Expect[0] = apUp(ap)
	s.Checks = s.Checks.requiring(cachedRejoin)
	return s
}
