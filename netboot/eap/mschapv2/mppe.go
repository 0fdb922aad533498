package mschapv2

import (
	"bytes"
	"crypto/sha1"
)

// RFC 3079 3.4 constants.
var (
	masterMagic = []byte("This is the MPPE Master Key")
	// magicSendClient is the client's send key and the server's receive key.
	magicSendClient = []byte("On the client side, this is the send key; on the server side, it is the receive key.")
	// magicRecvClient is the client's receive key and the server's send key.
	magicRecvClient = []byte("On the client side, this is the receive key; on the server side, it is the send key.")
	shaPad1         = make([]byte, 40)
	shaPad2         = bytes.Repeat([]byte{0xf2}, 40)
)

// MasterKey is GetMasterKey (RFC 3079 3.4).
func MasterKey(h Hash, nt [24]byte) [16]byte {
	hh := h.hashHash()
	d := sha1.New()
	d.Write(hh[:])
	d.Write(nt[:])
	d.Write(masterMagic)
	return [16]byte(d.Sum(nil))
}

// ClientStartKeys returns the client's 128-bit send and receive start keys
// (GetAsymmetricStartKey of RFC 3079 3.4 with IsServer false).
func ClientStartKeys(master [16]byte) (send, recv [16]byte) {
	return startKey(master, magicSendClient), startKey(master, magicRecvClient)
}

func startKey(master [16]byte, magic []byte) [16]byte {
	d := sha1.New()
	d.Write(master[:])
	d.Write(shaPad1)
	d.Write(magic)
	d.Write(shaPad2)
	return [16]byte(d.Sum(nil))
}
