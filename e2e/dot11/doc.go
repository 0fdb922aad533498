// Package dot11 builds the 802.11 frames the e2e test bed's attacker radio injects and
// parses the ones it captures: radiotap (radiotap.org) around IEEE 802.11-2020 9.2-9.3
// frames, with EAPOL-Key bodies (IEEE 802.1X-2020 11.3, 802.11-2020 12.7.2). Pure
// functions over bytes; the socket that carries them is the caller's.
package dot11
