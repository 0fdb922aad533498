// Package sae is Simultaneous Authentication of Equals (IEEE 802.11-2020
// 12.4), the password-authenticated key exchange of WPA3-Personal, for a
// station on the ECC groups 19, 20 and 21 (NIST P-256, P-384, P-521): the
// password element by hunting-and-pecking (12.4.4.2.2) or by
// hash-to-element (12.4.4.2.3), the commit and confirm exchange, and the
// KCK, PMK and PMKID it yields. It does
// no I/O: Auth turns received SAE authentication frames into the next one to
// send, and the join path carries them over nl80211.
//
// Arithmetic on secrets runs in constant time. Go's crypto/ecdh and
// crypto/elliptic hide what SAE needs (point addition, arbitrary scalar
// multiplication, negation, field arithmetic for the curve equation), so the
// package uses filippo.io/nistec for the points and filippo.io/bigmod for
// arithmetic modulo the prime p and the order r. Both are exported copies of
// the standard library's own crypto/internal/fips140/nistec and bigmod,
// kept in step with it by a Go cryptography maintainer: the same
// fiat-crypto field code and complete addition formulas that back crypto/ecdh,
// allocation-light and constant time, with no cgo. Hunting-and-pecking runs
// all 40 iterations and chooses with masks, the quadratic-residue test is a
// Legendre symbol by constant-time exponentiation, and so the number of
// iterations the password needed shows in neither time nor branches (the
// Dragonblood timing attacks, Vanhoef and Ronen 2020).
//
// One code path serves the three groups: Group carries the curve, its
// lengths and its hash, and the arithmetic goes through nistec's three point
// types alike. The station proposes its configured groups in order (19 20 21
// by default, as wpa_supplicant); an access point that refuses one (status
// 77) gets a commit in the next, and with hash-to-element the refused groups
// travel in the Rejected Groups element and salt the keys, so a forged
// refusal cannot downgrade the exchange unnoticed. After hunting-and-pecking
// the hash is SHA-256 in every group (the 802.11-2016 derivation hostapd and
// wpa_supplicant keep); after hash-to-element it is the group's: SHA-384 for
// 20, SHA-512 for 21.
package sae
