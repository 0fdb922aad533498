// Package mschapv2 is MS-CHAP-V2 (RFC 2759) for airroot's EAP peer: the NT
// password hash, the challenge response and the check of the server's
// authenticator response, the MPPE keys of RFC 3079, and the EAP-MSCHAPv2
// method (draft-kamath-pppext-eap-mschapv2) run inside PEAP.
package mschapv2
