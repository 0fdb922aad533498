// Package wpa is airroot's WPA2-PSK supplicant core: pass-phrase to PSK, the
// IEEE 802.11 key hierarchy, EAPOL-Key frames, RSN elements and KDEs, and an
// event-driven 4-way and group key handshake that does no I/O of its own.
//
// IEEE 802.11-2016 clause 12.7 is the specification; the nl80211 code that
// carries frames and installs keys lives elsewhere and plugs into
// Handshake's Send and Install fields.
package wpa
