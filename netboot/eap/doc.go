// Package eap is airroot's EAP peer (RFC 3748): packets, the peer state
// machine that answers an authenticator over EAPOL, and the Method interface
// that EAP-TLS, PEAP, TTLS (package eaptls) and MSCHAPv2 (package mschapv2)
// implement. It does no I/O: callers feed it request packets and send the
// responses it returns.
package eap
