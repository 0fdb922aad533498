// Package nl80211 is a small typed client for the kernel's nl80211 generic
// netlink family: interfaces and wiphy features, regulatory domain, scans,
// CMD_CONNECT with the control port, key installation, port authorization
// and the MLME events a host-side WPA2 supplicant needs.
//
// include/uapi/linux/nl80211.h is the specification. Parsers are pure
// functions over attribute bytes; the sockets live in client_linux.go.
package nl80211
