package wpa

import (
	"bytes"
	"fmt"
	"io"
)

// onMessage1 answers message 1 with message 2. A retransmitted message 1
// (same ANonce) gets the same SNonce, so either of our answers works; a new
// ANonce, or any message 1 after completion (a PTK rekey, or a restart
// in the clear: HandleUnencryptedEAPOL), starts afresh.
func (h *Handshake) onMessage1(k *Key, unencrypted bool) error {
	rekey := h.current != nil
	h.clearPeer = unencrypted
	sa := h.pending
	if sa == nil || sa.anonce != k.Nonce {
		if err := h.checkPMKID(k); err != nil && !rekey {
			return h.fail(err)
		}
		var err error
		if sa, err = h.newSA(k.Nonce); err != nil {
			return h.fail(err)
		}
		h.pending = sa
		h.msg2Sent = 0
		if rekey && unencrypted {
			h.logf("%s with %s: received message 1 in the clear after our pairwise key was installed (replay counter %d): the access point restarted the handshake (without PMF nothing tells it from a forged one); answering in the clear, keeping the installed keys until message 3", opPairwise, h.AA, k.ReplayCounter)
		} else {
			h.logf("%s with %s: received message 1 (replay counter %d)", opPairwise, h.AA, k.ReplayCounter)
		}
	} else {
		h.logf("%s with %s: received message 1 again (replay counter %d), answering with the same SNonce", opPairwise, h.AA, k.ReplayCounter)
	}
	info := KeyInfoPairwise
	if rekey {
		info |= KeyInfoSecure
	}
	frame, err := h.reply(k, info, sa.snonce, h.OurRSNE, sa.ptk.KCK)
	if err != nil {
		return fmt.Errorf("%s with %s: build message 2: %w", opPairwise, h.AA, err)
	}
	if err := h.Send(frame); err != nil {
		return fmt.Errorf("%s with %s: send message 2: %w", opPairwise, h.AA, err)
	}
	h.msg2Sent++
	h.phase = PhaseWaitMessage3
	if rekey {
		h.phase = PhaseRekeying
	}
	h.logf("%s with %s: sent message 2", opPairwise, h.AA)
	return nil
}

func (h *Handshake) newSA(anonce [32]byte) (*keySA, error) {
	sa := &keySA{anonce: anonce}
	if _, err := io.ReadFull(h.rand(), sa.snonce[:]); err != nil {
		return nil, fmt.Errorf("%s with %s: generate SNonce: %w", opPairwise, h.AA, err)
	}
	ptk, err := DerivePTK(h.akm, h.PMK, h.AA, h.SPA, anonce, sa.snonce)
	if err != nil {
		return nil, fmt.Errorf("%s with %s: %w", opPairwise, h.AA, err)
	}
	sa.ptk = ptk
	return sa, nil
}

// onMessage3 verifies message 3, answers with message 4 and installs the
// keys, unless this message 3 is a retransmission for keys already
// installed: then it only answers (KRACK).
func (h *Handshake) onMessage3(k *Key, frame []byte) error {
	sa, again, err := h.message3SA(k, frame)
	if err != nil {
		return h.drop(opPairwise, "message 3", err)
	}
	h.replay, h.replaySet = k.ReplayCounter, true
	kd, err := h.keyData(sa, k)
	if err != nil {
		return h.drop(opPairwise, "message 3", err)
	}
	if err := h.checkRSNEs(kd); err != nil {
		return h.fail(fmt.Errorf("%s with %s: %w", opPairwise, h.AA, err))
	}
	groupKeys, err := h.groupKeys(kd, k.RSC)
	if err != nil {
		return h.drop(opPairwise, "message 3", err)
	}
	msg4, err := h.reply(k, KeyInfoPairwise|KeyInfoSecure, [32]byte{}, nil, sa.ptk.KCK)
	if err != nil {
		return fmt.Errorf("%s with %s: build message 4: %w", opPairwise, h.AA, err)
	}
	if err := h.Send(msg4); err != nil {
		return fmt.Errorf("%s with %s: send message 4: %w", opPairwise, h.AA, err)
	}
	if again {
		h.logf("%s with %s: received message 3 again (replay counter %d), sent message 4, pairwise key already installed", opPairwise, h.AA, k.ReplayCounter)
	} else if err := h.installPairwise(sa); err != nil {
		return err
	}
	if err := h.installGroupKeys(opPairwise, groupKeys); err != nil {
		return err
	}
	if again && h.pending != nil && h.pending.anonce == sa.anonce {
		// A pending run with the installed run's ANonce came from a
		// message 1 the access point did not send (it signs every
		// message 3 for this ANonce with the installed PTK): it can
		// never complete.
		h.pending = nil
	}
	if h.pending == nil {
		h.phase = PhaseComplete
	}
	return nil
}

// message3SA finds the run of the handshake whose KCK signed message 3,
// trying the pending run (the TPTK) first and then the installed one (the
// PTK), as wpa_supplicant_verify_eapol_key_mic does. A message 1 forged
// with the current ANonce (anyone can repeat it; it carries no MIC)
// starts a new pending run with a new SNonce, so a new TPTK the access
// point knows nothing of; the access point's genuine retransmission of
// message 3, signed with the installed PTK, must still get its message 4,
// or the access point gives up and disconnects us. again reports that the
// installed run verified: its keys are not installed a second time.
func (h *Handshake) message3SA(k *Key, frame []byte) (sa *keySA, again bool, err error) {
	err = fmt.Errorf("its ANonce matches no message 1: %w", ErrUnexpected)
	if p := h.pending; p != nil && p.anonce == k.Nonce {
		if err = VerifyMIC(p.ptk.KCK[:], frame); err == nil {
			return p, false, nil
		}
	}
	if c := h.current; c != nil && c.anonce == k.Nonce {
		if err = VerifyMIC(c.ptk.KCK[:], frame); err == nil {
			return c, true, nil
		}
	}
	return nil, false, err
}

func (h *Handshake) installPairwise(sa *keySA) error {
	k := InstalledKey{Type: KeyPairwise, Cipher: CipherCCMP, Key: append([]byte(nil), sa.ptk.TK[:]...)}
	if err := h.Install(k); err != nil {
		return h.fail(fmt.Errorf("%s with %s: install pairwise key: %w", opPairwise, h.AA, err))
	}
	h.current, h.pending = sa, nil
	h.msg2Sent, h.clearPeer = 0, false
	h.logf("%s with %s: sent message 4, installed %s", opPairwise, h.AA, k)
	return nil
}

// keyData decrypts and parses the key data of a verified message.
func (h *Handshake) keyData(sa *keySA, k *Key) (*KeyData, error) {
	plain, err := KeyUnwrap(sa.ptk.KEK[:], k.Data)
	if err != nil {
		return nil, fmt.Errorf("decrypt key data: %w", err)
	}
	return ParseKeyData(plain)
}

// checkRSNEs compares message 3's RSN element and RSN Extension element
// with the advertised ones byte for byte (802.11-2020 12.7.6.4); a second
// RSN element may only confirm our pairwise cipher.
func (h *Handshake) checkRSNEs(kd *KeyData) error {
	if len(kd.RSNEs) == 0 {
		return fmt.Errorf("message 3 has no RSN element: %w", ErrDowngrade)
	}
	if !bytes.Equal(kd.RSNEs[0], h.APRSNE) {
		return fmt.Errorf("RSN element in message 3 differs from the access point's beacon: %w", ErrDowngrade)
	}
	// Message 3 repeats the RSN Extension element of the beacon when
	// there is one (802.11-2020 12.7.6.4); a difference is tampering, as
	// for the RSN element.
	if !bytes.Equal(kd.RSNXE, h.APRSNXE) {
		return fmt.Errorf("RSN Extension element in message 3 (%x) differs from the access point's beacon (%x): %w", kd.RSNXE, h.APRSNXE, ErrDowngrade)
	}
	if len(kd.RSNEs) > 1 {
		second, err := ParseRSNE(kd.RSNEs[1])
		if err != nil || len(second.PairwiseCiphers) != 1 || second.PairwiseCiphers[0] != CipherCCMP {
			return fmt.Errorf("second RSN element in message 3 does not select CCMP: %w", ErrDowngrade)
		}
	}
	return nil
}
