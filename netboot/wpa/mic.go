package wpa

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
)

// ComputeMIC returns the MIC of an encoded EAPOL-Key frame, computed with
// the KCK over the whole EAPOL frame with its MIC field taken as zero, by
// the key descriptor version in the frame's Key Information (802.11-2020
// 12.7.3): version 2, HMAC-SHA1 truncated to 128 bits; version 3,
// AES-128-CMAC; version 0, what the AKM defines, which for SAE (the one
// such AKM airroot speaks) is AES-128-CMAC too (Table 12-11). Other versions
// wrap ErrUnsupported. Bytes after the EAPOL
// body are not covered.
func ComputeMIC(kck, frame []byte) ([16]byte, error) {
	var mic [16]byte
	if len(frame) < eapolHeaderLen+keyFixedLen {
		return mic, fmt.Errorf("compute EAPOL-Key MIC: %d-byte frame, shorter than %d: %w",
			len(frame), eapolHeaderLen+keyFixedLen, ErrMalformed)
	}
	end := eapolHeaderLen + int(binary.BigEndian.Uint16(frame[2:4]))
	if end > len(frame) || end < eapolHeaderLen+keyFixedLen {
		return mic, fmt.Errorf("compute EAPOL-Key MIC: body length does not fit the %d-byte frame: %w", len(frame), ErrMalformed)
	}
	zeroed := make([]byte, end)
	copy(zeroed, frame[:end])
	clear(zeroed[micOffset : micOffset+micLen])
	switch v := KeyInfo(binary.BigEndian.Uint16(frame[eapolHeaderLen+1:])).Version(); v {
	case KeyVersionHMACSHA1AES:
		m := hmac.New(sha1.New, kck)
		m.Write(zeroed)
		copy(mic[:], m.Sum(nil))
	case KeyVersionAESCMAC, KeyVersionAKMDefined:
		return AESCMAC(kck, zeroed)
	default:
		return mic, fmt.Errorf("compute EAPOL-Key MIC: key descriptor version %d: %w", v, ErrUnsupported)
	}
	return mic, nil
}

// VerifyMIC checks the MIC of an encoded EAPOL-Key frame in constant time.
// It returns an error wrapping ErrBadMIC when it does not match.
func VerifyMIC(kck, frame []byte) error {
	want, err := ComputeMIC(kck, frame)
	if err != nil {
		return err
	}
	if !hmac.Equal(want[:], frame[micOffset:micOffset+micLen]) {
		return ErrBadMIC
	}
	return nil
}

// Sign encodes k with its MIC computed under kck and stored in both k and
// the returned frame. Set KeyInfoMIC in k.Info first.
func (k *Key) Sign(kck []byte) ([]byte, error) {
	k.MIC = [16]byte{}
	frame, err := k.MarshalBinary()
	if err != nil {
		return nil, err
	}
	mic, err := ComputeMIC(kck, frame)
	if err != nil {
		return nil, err
	}
	k.MIC = mic
	copy(frame[micOffset:], mic[:])
	return frame, nil
}
