package wpa

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
)

// ComputeMIC returns the MIC of an encoded EAPOL-Key frame for key
// descriptor version 2: HMAC-SHA1 with the KCK over the whole EAPOL frame
// with its MIC field taken as zero, truncated to 128 bits. Bytes after the
// EAPOL body are not covered.
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
	m := hmac.New(sha1.New, kck)
	m.Write(frame[:micOffset])
	m.Write(make([]byte, micLen))
	m.Write(frame[micOffset+micLen : end])
	copy(mic[:], m.Sum(nil))
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
