package wpa

import (
	"crypto/subtle"
	"fmt"
)

// onGroupMessage1 installs the new GTK of a group key handshake and answers
// with group message 2. A GTK already installed is not installed again.
func (h *Handshake) onGroupMessage1(k *Key, frame []byte) error {
	sa := h.current
	if sa == nil {
		return h.drop(opGroup, "group message 1", fmt.Errorf("the 4-way handshake has not completed: %w", ErrUnexpected))
	}
	if err := VerifyMIC(sa.ptk.KCK[:], frame); err != nil {
		return h.drop(opGroup, "group message 1", err)
	}
	h.replay, h.replaySet = k.ReplayCounter, true
	kd, err := h.keyData(sa, k)
	if err != nil {
		return h.drop(opGroup, "group message 1", err)
	}
	if kd.GTK == nil {
		return h.drop(opGroup, "group message 1", fmt.Errorf("no GTK KDE: %w", ErrMalformed))
	}
	keys, err := h.groupKeys(kd, k.RSC)
	if err != nil {
		return h.drop(opGroup, "group message 1", err)
	}
	if err := h.installGroupKeys(opGroup, keys); err != nil {
		return err
	}
	msg2, err := h.reply(k, KeyInfoSecure, [32]byte{}, nil, sa.ptk.KCK)
	if err != nil {
		return fmt.Errorf("%s with %s: build group message 2: %w", opGroup, h.AA, err)
	}
	if err := h.Send(msg2); err != nil {
		return fmt.Errorf("%s with %s: send group message 2: %w", opGroup, h.AA, err)
	}
	h.logf("%s with %s: sent group message 2 (replay counter %d)", opGroup, h.AA, k.ReplayCounter)
	return nil
}

// groupKeys checks the GTK and IGTK KDEs of verified key data against the
// negotiated ciphers and turns them into keys to install.
func (h *Handshake) groupKeys(kd *KeyData, rsc [8]byte) ([]InstalledKey, error) {
	var keys []InstalledKey
	if g := kd.GTK; g != nil {
		if want := cipherKeyLen(h.groupCipher); len(g.Key) != want {
			return nil, fmt.Errorf("%d-byte GTK for group cipher %s, want %d: %w", len(g.Key), CipherName(h.groupCipher), want, ErrMalformed)
		}
		keys = append(keys, InstalledKey{Type: KeyGroup, Index: g.KeyID, Cipher: h.groupCipher,
			Key: g.Key, RSC: [6]byte(rsc[:6]), Tx: g.Tx})
	}
	if g := kd.IGTK; g != nil && h.mgmtCipher != 0 {
		if want := cipherKeyLen(h.mgmtCipher); len(g.Key) != want {
			return nil, fmt.Errorf("%d-byte IGTK for %s, want %d: %w", len(g.Key), CipherName(h.mgmtCipher), want, ErrMalformed)
		}
		switch g.KeyID {
		case 4, 5:
			keys = append(keys, InstalledKey{Type: KeyIGTK, Index: g.KeyID, Cipher: h.mgmtCipher, Key: g.Key, RSC: g.IPN})
		case 0x0400, 0x0500:
			// Some deployed access points write the key ID big endian.
			// wpa_supplicant (wpa_supplicant_install_igtk) keeps such a
			// connection but installs no IGTK: an access point that gets
			// this wrong cannot be trusted with BIP, and without the IGTK
			// the kernel drops group-addressed robust management frames.
			h.logf("%s: IGTK key ID %#04x is byte-swapped (key ID %d meant); continuing without the IGTK, as wpa_supplicant does", h.AA, g.KeyID, g.KeyID>>8)
		default:
			return nil, fmt.Errorf("IGTK key ID %d, want 4 or 5: %w", g.KeyID, ErrMalformed)
		}
	}
	return keys, nil
}

// installGroupKeys installs the keys that differ from the last installed
// ones; reinstalling one would reset its replay counter (KRACK).
func (h *Handshake) installGroupKeys(op string, keys []InstalledKey) error {
	for _, k := range keys {
		last := &h.lastGTK
		if k.Type == KeyIGTK {
			last = &h.lastIGTK
		}
		if subtle.ConstantTimeCompare(*last, k.Key) == 1 {
			h.logf("%s with %s: %s key index %d already installed, not reinstalling", op, h.AA, k.Type, k.Index)
			continue
		}
		if err := h.Install(k); err != nil {
			return h.fail(fmt.Errorf("%s with %s: install %s key index %d: %w", op, h.AA, k.Type, k.Index, err))
		}
		*last = append([]byte(nil), k.Key...)
		h.logf("%s with %s: installed %s", op, h.AA, k)
	}
	return nil
}
