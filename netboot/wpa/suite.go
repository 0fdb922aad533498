package wpa

import "fmt"

// Suite is a cipher or AKM suite selector: the OUI in the top 24 bits and
// the suite type in the low 8 (802.11-2016 Tables 9-131 and 9-133).
type Suite uint32

// Cipher suites with the IEEE OUI 00-0F-AC.
const (
	CipherUseGroup   Suite = 0x000fac00
	CipherWEP40      Suite = 0x000fac01
	CipherTKIP       Suite = 0x000fac02
	CipherCCMP       Suite = 0x000fac04 // CCMP-128
	CipherWEP104     Suite = 0x000fac05
	CipherBIPCMAC128 Suite = 0x000fac06
	CipherNoGroup    Suite = 0x000fac07
	CipherGCMP128    Suite = 0x000fac08
	CipherGCMP256    Suite = 0x000fac09
	CipherCCMP256    Suite = 0x000fac0a
	CipherBIPGMAC128 Suite = 0x000fac0b
	CipherBIPGMAC256 Suite = 0x000fac0c
	CipherBIPCMAC256 Suite = 0x000fac0d
)

// AKM suites with the IEEE OUI 00-0F-AC.
const (
	AKM8021X       Suite = 0x000fac01
	AKMPSK         Suite = 0x000fac02 // WPA2-Personal: what airroot speaks
	AKMFT8021X     Suite = 0x000fac03
	AKMFTPSK       Suite = 0x000fac04
	AKM8021XSHA256 Suite = 0x000fac05
	AKMPSKSHA256   Suite = 0x000fac06
	AKMSAE         Suite = 0x000fac08 // WPA3-Personal
	AKMFTSAE       Suite = 0x000fac09
	AKMOWE         Suite = 0x000fac12
)

var cipherNames = map[Suite]string{
	CipherUseGroup: "use-group", CipherWEP40: "WEP-40", CipherTKIP: "TKIP", CipherCCMP: "CCMP",
	CipherWEP104: "WEP-104", CipherBIPCMAC128: "BIP-CMAC-128", CipherNoGroup: "no-group-traffic",
	CipherGCMP128: "GCMP-128", CipherGCMP256: "GCMP-256", CipherCCMP256: "CCMP-256",
	CipherBIPGMAC128: "BIP-GMAC-128", CipherBIPGMAC256: "BIP-GMAC-256", CipherBIPCMAC256: "BIP-CMAC-256",
}

var akmNames = map[Suite]string{
	AKM8021X: "WPA-EAP", AKMPSK: "WPA-PSK", AKMFT8021X: "FT-EAP", AKMFTPSK: "FT-PSK",
	AKM8021XSHA256: "WPA-EAP-SHA256", AKMPSKSHA256: "WPA-PSK-SHA256", AKMSAE: "SAE",
	AKMFTSAE: "FT-SAE", AKMOWE: "OWE",
}

// CipherName names a cipher suite ("CCMP", "TKIP", or "00-0f-ac:99").
func CipherName(s Suite) string { return suiteName(s, cipherNames) }

// AKMName names an AKM suite as wpa_supplicant's key_mgmt= does ("WPA-PSK").
func AKMName(s Suite) string { return suiteName(s, akmNames) }

func suiteName(s Suite, names map[Suite]string) string {
	if n, ok := names[s]; ok {
		return n
	}
	return fmt.Sprintf("%02x-%02x-%02x:%d", byte(s>>24), byte(s>>16), byte(s>>8), byte(s))
}

// cipherKeyLen is the temporal key length of a data cipher, 0 if unknown.
func cipherKeyLen(s Suite) int {
	switch s {
	case CipherCCMP, CipherGCMP128, CipherBIPCMAC128, CipherBIPGMAC128:
		return 16
	case CipherTKIP, CipherGCMP256, CipherCCMP256, CipherBIPCMAC256, CipherBIPGMAC256:
		return 32
	case CipherWEP40:
		return 5
	case CipherWEP104:
		return 13
	}
	return 0
}
