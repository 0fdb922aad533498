// Package eaptls is the TLS family of airroot's EAP methods: EAP-TLS
// (RFC 5216), PEAPv0 with EAP-MSCHAPv2 inside (Microsoft's MS-PEAP), and
// EAP-TTLS (RFC 5281) with PAP or MSCHAPv2 inside. Go's crypto/tls runs the
// handshake over the EAP fragmentation layer through an in-memory net.Conn;
// the server's certificate is checked against ca_cert and the configured
// domain names, and refused with its subject and issuer named otherwise.
package eaptls
