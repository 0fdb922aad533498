// Package conf reads and writes wpa_supplicant.conf, the Wi-Fi network file
// users already have (what wpa_passphrase prints), for airroot's WPA2-PSK
// supplicant. Pass-phrases become PSKs at parse time and are never written.
package conf
