package wpa

import (
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"slices"
)

// Phase is where a Handshake stands, for the caller's timeline.
type Phase int

// Handshake phases.
const (
	PhaseWaitMessage1 Phase = iota // associated; the authenticator has not started
	PhaseWaitMessage3              // message 2 sent; waiting for message 3
	PhaseComplete                  // pairwise and group keys installed, message 4 sent
	PhaseRekeying                  // PTK rekey: message 2 sent, the old keys stay in use
	PhaseFailed                    // fatal error (see Stalled); disconnect
)

func (p Phase) String() string {
	switch p {
	case PhaseWaitMessage1:
		return "waiting for message 1"
	case PhaseWaitMessage3:
		return "sent message 2, waiting for message 3"
	case PhaseComplete:
		return "keys installed"
	case PhaseRekeying:
		return "PTK rekey: sent message 2, waiting for message 3"
	case PhaseFailed:
		return "failed"
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

const (
	opPairwise = "4-way handshake"
	opGroup    = "group key handshake"
)

// Handshake is the supplicant side of the WPA2-PSK 4-way handshake and
// group key handshake (802.11-2016 12.7.6 and 12.7.7) for one association.
// It does no I/O: feed it every EAPOL frame from the access point with
// HandleEAPOL; it answers through Send and hands keys to Install. Set the
// exported fields before the first frame and leave them alone afterwards.
// A Handshake is not safe for concurrent use.
//
// It resists the known attacks on supplicants: every field of a message
// with a MIC is trusted only after the MIC verifies, replay counters must
// increase, a retransmitted message 3 or group message 1 never reinstalls
// a key already in use (KRACK), and the RSN element in message 3 must equal
// the one the access point advertised (ErrDowngrade).
type Handshake struct {
	PMK [32]byte // the PSK, or for 802.1X the MSK's first 32 bytes
	// PMKID, when set, names the cached PMKSA whose PMK is PMK, offered in
	// the association request; message 1 must name it (ErrPMKIDMismatch).
	PMKID   *[16]byte
	AA, SPA net.HardwareAddr // authenticator (BSSID) and our address
	APRSNE  []byte           // the RSN element from the AP's beacon/probe response
	OurRSNE []byte           // the RSN element we sent in association (goes in message 2)
	// APRSNXE is the RSN Extension element (ID 244) from the AP's
	// beacon/probe response, nil if it sent none; message 3 must carry
	// the same (802.11-2020 12.7.6.4).
	APRSNXE []byte
	Rand    io.Reader // nonce source; crypto/rand when nil
	// Install hands a key to the driver: the pairwise TK, a GTK with its
	// key index and RSC, or an IGTK. An error is fatal. As in
	// wpa_supplicant and iwd, message 4 is sent before the pairwise key is
	// installed, so it leaves under the previous key (none, or the old PTK
	// during a rekey); the GTK of a group handshake is installed before
	// group message 2 is sent.
	Install func(k InstalledKey) error
	// Send transmits an EAPOL frame (message 2, message 4, group message 2)
	// to AA. An error is returned by HandleEAPOL but is not fatal: the
	// authenticator retransmits.
	Send func(frame []byte) error
	// Log, when set, receives progress lines. Keys never appear in them.
	Log func(format string, args ...any)
	// EAPOLVersion is the 802.1X protocol version of our frames; 0 answers
	// with the version of the authenticator's frame.
	EAPOLVersion uint8

	ready       bool
	akm         Suite // a PSK, 802.1X or SAE AKM, from OurRSNE
	keyVersion  int   // key descriptor version of the AKM
	groupCipher Suite // from the AP's RSN element
	mgmtCipher  Suite // IGTK cipher when MFP is in use, else 0
	phase       Phase
	failure     error
	replay      uint64 // replay counter of the last frame whose MIC verified
	replaySet   bool
	pending     *keySA // from the latest message 1, until message 3 verifies
	current     *keySA // installed
	lastGTK     []byte // last group keys installed, to never reinstall them
	lastIGTK    []byte
	msg2Sent    int // message 2s sent in the current attempt
	// clearPeer: the latest message 1 came in the clear, so the access
	// point holds no PTK for us until the next one is installed.
	clearPeer bool
}

// keySA is one run of the 4-way handshake: the nonces and the PTK.
type keySA struct {
	anonce, snonce [32]byte
	ptk            PTK
}

// Phase reports where the handshake stands.
func (h *Handshake) Phase() Phase { return h.phase }

// Stalled explains, for a caller whose timer ran out, why no keys are
// installed yet: ErrNoMessage1, ErrNoMessage3 (after our message 2, the
// classic sign of a wrong pass-phrase) or the fatal error. It returns nil
// once keys are installed, also during a PTK rekey (the old keys work).
func (h *Handshake) Stalled() error {
	switch h.phase {
	case PhaseWaitMessage1:
		return fmt.Errorf("%s with %s: %w", opPairwise, h.AA, ErrNoMessage1)
	case PhaseWaitMessage3:
		times := fmt.Sprintf("%d times", h.msg2Sent)
		if h.msg2Sent == 1 {
			times = "once"
		}
		return fmt.Errorf("%s with %s: sent message 2 %s: %w", opPairwise, h.AA, times, ErrNoMessage3)
	case PhaseFailed:
		return h.failure
	}
	return nil
}

// HandleEAPOL processes one EAPOL frame from the authenticator that
// arrived encrypted, or by a path that does not say (an AF_PACKET socket).
// A *DropError means the frame was ignored and nothing changed; after any
// other error, Phase tells whether the handshake can go on (PhaseFailed:
// it cannot, disconnect).
func (h *Handshake) HandleEAPOL(frame []byte) error { return h.handle(frame, false) }

// HandleUnencryptedEAPOL is HandleEAPOL for a frame the driver reports as
// received in the clear (nl80211's NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT).
// An access point that holds our PTK protects its EAPOL-Key frames with
// it, so a message 1 in the clear after our PTK is installed comes from
// an access point that lost it (one that processed a retried association
// request and restarted its handshake) or from an attacker. With PMF it
// is dropped unanswered, as wpa_supplicant_process_1_of_4 does: the
// access point cannot silently lose the association (a protected
// deauthentication or an SA Query, 802.11-2020 11.13, tells us), and a
// message 1/message 2 pair in the clear would let anyone in range crack
// the pass-phrase offline. Without PMF nothing tells the two apart, and
// an attacker gets the same pair by forging a deauthentication and
// watching the rejoin; so, as wpa_supplicant does, it starts a new
// handshake: a new SNonce, our message 2 and 4 in the clear (the access
// point has no key to read them with), the new PTK installed once
// message 3 verifies, the installed keys kept until then. A
// retransmitted message 3 may come in the clear (the access point
// installs the PTK only after our message 4) and is still answered.
func (h *Handshake) HandleUnencryptedEAPOL(frame []byte) error { return h.handle(frame, true) }

// EncryptReplies reports whether our EAPOL frames must leave encrypted:
// once a PTK is installed (wpa_supplicant's control port TX asks for
// encryption exactly then), unless the access point restarted the
// handshake in the clear (see HandleUnencryptedEAPOL) and so cannot read
// them. Message 4 of the first handshake is sent before its PTK is
// installed, so it leaves in the clear; during a rekey, message 2 and 4
// leave under the old PTK.
func (h *Handshake) EncryptReplies() bool { return h.current != nil && !h.clearPeer }

// AKM reports the AKM in use (AKMPSK, AKM8021X, their SHA-256 variants, or
// AKMSAE), known once the
// first frame has been handled; 0 before.
func (h *Handshake) AKM() Suite { return h.akm }

func (h *Handshake) handle(frame []byte, unencrypted bool) error {
	if h.failure != nil {
		return h.failure
	}
	if err := h.setup(); err != nil {
		return h.fail(err)
	}
	k, err := ParseEAPOL(frame)
	if err != nil {
		return h.drop("key handshake", "frame", err)
	}
	kind, err := classify(k, h.keyVersion)
	if err != nil {
		return h.drop("key handshake", "frame", err)
	}
	if unencrypted && kind == kindMessage1 && h.current != nil && h.mgmtCipher != 0 {
		return h.drop(opPairwise, kind.String(), fmt.Errorf("it arrived unencrypted although a pairwise key is installed and PMF is in use: %w", ErrUnexpected))
	}
	if h.replaySet && k.ReplayCounter <= h.replay {
		return h.drop(kind.op(), kind.String(), fmt.Errorf("%w (got %d, last verified %d)", ErrReplay, k.ReplayCounter, h.replay))
	}
	switch kind {
	case kindMessage1:
		return h.onMessage1(k, unencrypted)
	case kindMessage3:
		err = h.onMessage3(k, frame)
	default:
		err = h.onGroupMessage1(k, frame)
	}
	if err == nil && !unencrypted {
		// It came encrypted and its MIC verified: the access point
		// holds our PTK, whatever a message 1 in the clear said.
		h.clearPeer = false
	}
	return err
}

// setup validates the configuration once.
func (h *Handshake) setup() error {
	if h.ready {
		return nil
	}
	if len(h.AA) != 6 || len(h.SPA) != 6 {
		return fmt.Errorf("%s: authenticator address %q and supplicant address %q must be 6 bytes: %w", opPairwise, h.AA, h.SPA, ErrMalformed)
	}
	if h.Install == nil || h.Send == nil {
		return fmt.Errorf("%s with %s: Install and Send must be set", opPairwise, h.AA)
	}
	ap, err := ParseRSNE(h.APRSNE)
	if err != nil {
		return fmt.Errorf("%s with %s: access point's RSN element (APRSNE): %w", opPairwise, h.AA, err)
	}
	ours, err := ParseRSNE(h.OurRSNE)
	if err != nil {
		return fmt.Errorf("%s with %s: our RSN element (OurRSNE): %w", opPairwise, h.AA, err)
	}
	if err := h.setupAKM(ap, ours); err != nil {
		return err
	}
	if cipherKeyLen(ap.GroupCipher) == 0 || ap.GroupCipher == CipherWEP40 || ap.GroupCipher == CipherWEP104 {
		return fmt.Errorf("%s with %s: group cipher %s: %w", opPairwise, h.AA, CipherName(ap.GroupCipher), ErrUnsupported)
	}
	h.groupCipher = ap.GroupCipher
	if ours.MFPCapable() && ap.MFPCapable() {
		h.mgmtCipher = ap.MgmtGroupCipher()
	}
	h.ready = true
	return nil
}

// setupAKM checks that our RSN element selects CCMP and one AKM airroot
// speaks, one the access point offers, and picks the key descriptor
// version of that AKM (802.11-2020 12.7.2).
func (h *Handshake) setupAKM(ap, ours *RSNE) error {
	if !slices.Equal(ours.PairwiseCiphers, []Suite{CipherCCMP}) || len(ours.AKMs) != 1 || keyVersion(ours.AKMs[0]) < 0 {
		return fmt.Errorf("%s with %s: our RSN element selects %s with %s, airroot speaks only CCMP with WPA-PSK, WPA-PSK-SHA256 or SAE: %w", opPairwise, h.AA,
			suiteList(ours.PairwiseCiphers, CipherName), suiteList(ours.AKMs, AKMName), ErrUnsupported)
	}
	h.akm, h.keyVersion = ours.AKMs[0], keyVersion(ours.AKMs[0])
	if !slices.Contains(ap.AKMs, h.akm) {
		return fmt.Errorf("%s with %s: our RSN element selects %s, the access point offers %s: %w", opPairwise, h.AA,
			AKMName(h.akm), suiteList(ap.AKMs, AKMName), ErrUnsupported)
	}
	return nil
}

// keyVersion is the key descriptor version of an AKM, -1 if airroot does
// not speak it: WPA-PSK and WPA-EAP use version 2, their SHA-256 variants
// version 3, SAE version 0 (802.11-2020 12.7.2, Table 12-11).
func keyVersion(akm Suite) int {
	switch akm {
	case AKMSAE:
		return KeyVersionAKMDefined
	case AKMPSK, AKM8021X:
		return KeyVersionHMACSHA1AES
	case AKMPSKSHA256, AKM8021XSHA256:
		return KeyVersionAESCMAC
	}
	return -1
}

func (h *Handshake) fail(err error) error {
	h.failure = err
	h.phase = PhaseFailed
	return err
}

func (h *Handshake) drop(op, message string, err error) error {
	return &DropError{Op: op, Peer: h.AA, Message: message, Err: err}
}

func (h *Handshake) logf(format string, args ...any) {
	if h.Log != nil {
		h.Log(format, args...)
	}
}

func (h *Handshake) rand() io.Reader {
	if h.Rand != nil {
		return h.Rand
	}
	return rand.Reader
}

// replyVersion is the 802.1X version for our answer to k.
func (h *Handshake) replyVersion(k *Key) uint8 {
	switch {
	case h.EAPOLVersion != 0:
		return h.EAPOLVersion
	case k.ProtocolVersion >= 1 && k.ProtocolVersion <= 3:
		return k.ProtocolVersion
	}
	return 2
}

// reply builds and signs one of our EAPOL-Key frames answering k.
func (h *Handshake) reply(k *Key, info KeyInfo, nonce [32]byte, data []byte, kck [16]byte) ([]byte, error) {
	r := &Key{
		ProtocolVersion: h.replyVersion(k),
		DescriptorType:  DescriptorRSN,
		Info:            KeyInfo(h.keyVersion) | KeyInfoMIC | info,
		ReplayCounter:   k.ReplayCounter,
		Nonce:           nonce,
		Data:            data,
	}
	return r.Sign(kck[:])
}
