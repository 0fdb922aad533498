// Package wifi joins airroot to the Wi-Fi network a wpa_supplicant.conf
// describes: it waits for the wireless interface, sets the country, scans,
// chooses an access point, connects over nl80211 and runs the WPA2-PSK
// 4-way handshake (or lets the driver run it), then keeps the session's
// keys fresh. For WPA3-Personal it first runs SAE itself (package sae)
// through NL80211_CMD_AUTHENTICATE, then associates and runs the handshake
// on SAE's PMK.
//
// The logic works over the small Radio interface, which *nl80211.Client
// implements; tests drive it against a fake nl80211 family and a fake
// access point.
package wifi
