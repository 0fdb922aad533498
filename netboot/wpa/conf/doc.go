// Package conf reads and writes wpa_supplicant.conf, the Wi-Fi network file
// users already have (what wpa_passphrase, Raspberry Pi Imager and eduroam
// CAT write), for airroot's WPA2/WPA3-Personal and 802.1X supplicant.
// WPA-PSK pass-phrases become PSKs at parse time and are never written.
package conf
