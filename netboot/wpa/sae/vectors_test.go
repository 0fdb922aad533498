package sae

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/airroot/airroot/internal/testutil"
)

// The SAE test vector of IEEE Std 802.11-2020 Annex J.10, as hostapd's
// src/common/common_module_tests.c (sae_tests) carries it: group 19,
// password "mekmitasdigoat", hunting-and-pecking between the two addresses,
// our rand and mask, both commits (group || scalar || element) and the keys.
const (
	j10Password = "mekmitasdigoat"
	j10Own      = "4d:3f:2f:ff:e3:87"
	j10Peer     = "a5:d8:aa:95:8e:3c"
	j10Rand     = "992465fd3daa3c60aa6565b7f62a2a7f2e12dd12f198faf4fbed89d7ff1ace94"
	j10Mask     = "9507a90f777a044d6a0830b91ea3d5dd70bece44e1acffb86983b5e1bf9fb322"
	j10Commit   = "1300" +
		"2e2c0f0db52440ad146d967114ce005ce1eab0aa2c2e5c2871b774f6c2575c65" +
		"d5ad9e00829707aa36ba8b859738fc961d08243505f47c035376d7ac4bc8d7b9" +
		"5083bf43827d0fc31ed778dd3671fd21a46d1091d64b6f9a1e1272621325dbe1"
	j10PeerCommit = "1300" +
		"591b96f3397fb945100848e7b550543b6720d88337ee93fc49fd6df7e08b5223" +
		"e71b9bb048d3873f20556953a96c91536fd8ee6ca9b4a68a148b056a909be03e" +
		"83ae208f60f8ef5537858074db06687032399862999b511e0a1552a5fea317c2"
	j10KCK   = "1e733f6d9bd53256287304338831b09a39406d121017073a5c30db36f36cb81a"
	j10PMK   = "4e4dfab1a2dd8ac1a91790f953faaa452ae5c6873ab75b63605ba663f8a7fe59"
	j10PMKID = "8747a600eea3f9f22475df58ca1e5498"

	// The same annex's hash-to-element vector (hostapd's sae_tests again):
	// PT from SSID "byteme", the password and identifier "psk4internet",
	// then the password element for two other addresses.
	j10SSID   = "byteme"
	j10PWID   = "psk4internet"
	j10H2EOwn = "00:09:5b:66:ec:1e"
	j10H2EAP  = "00:0b:6b:d9:02:46"
	j10H2EPWE = "c93049b9e64000f848201649e999f2b5c22dea69b5632c9df4d633b8aa1f6c1e" +
		"73634e94b53d82e7383a8d258199d9dc1a5ee8269d060382ccbf33e614ff59a0"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// j10Exchange builds our side of the annex J.10 exchange.
func j10Exchange(t *testing.T) *Exchange {
	t.Helper()
	pwe, err := HuntAndPeck(groups()[Group19], []byte(j10Password), nil, testutil.MAC(t, j10Own), testutil.MAC(t, j10Peer))
	if err != nil {
		t.Fatalf("HuntAndPeck: %v", err)
	}
	e, err := newExchange(pwe, unhex(t, j10Rand), unhex(t, j10Mask))
	if err != nil {
		t.Fatalf("newExchange: %v", err)
	}
	return e
}

func TestAnnexJ10HuntingAndPecking(t *testing.T) {
	e := j10Exchange(t)
	want := unhex(t, j10Commit)
	got := append([]byte{0x13, 0x00}, append(e.Commit().Scalar, e.Commit().Element...)...)
	if !bytes.Equal(got, want) {
		t.Fatalf("commit = %x, want %x", got, want)
	}
	peer := unhex(t, j10PeerCommit)
	if err := e.ProcessCommit(Commit{Scalar: peer[2:34], Element: peer[34:]}); err != nil {
		t.Fatalf("ProcessCommit: %v", err)
	}
	pmk, pmkid := e.Keys()
	for _, c := range []struct {
		name, want string
		got        []byte
	}{
		{"KCK", j10KCK, e.kck}, {"PMK", j10PMK, pmk}, {"PMKID", j10PMKID, pmkid},
	} {
		if !bytes.Equal(c.got, unhex(t, c.want)) {
			t.Errorf("%s = %x, want %s", c.name, c.got, c.want)
		}
	}
}

// The annex gives no confirm values; the confirm is checked as the CN of
// 12.4.5.5, HMAC-SHA256(KCK, send-confirm || scalar || element || peer
// scalar || peer element), over the annex's KCK and commits, built here
// independently of the code under test, in both directions. (The real
// peer is hostapd, in the e2e scenarios.)
func TestAnnexJ10Confirm(t *testing.T) {
	e := j10Exchange(t)
	own, peer := unhex(t, j10Commit)[2:], unhex(t, j10PeerCommit)[2:]
	if err := e.ProcessCommit(Commit{Scalar: peer[:32], Element: peer[32:]}); err != nil {
		t.Fatal(err)
	}
	sum := func(sc byte, first, second []byte) []byte {
		m := hmac.New(sha256.New, unhex(t, j10KCK))
		m.Write([]byte{sc, 0})
		m.Write(first) // scalar || element
		m.Write(second)
		return m.Sum(nil)
	}
	if got, want := e.Confirm(1), sum(1, own, peer); !bytes.Equal(got, want) {
		t.Errorf("Confirm(1) = %x, want %x", got, want)
	}
	if err := e.VerifyConfirm(1, sum(1, peer, own)); err != nil {
		t.Errorf("VerifyConfirm(peer's) = %v", err)
	}
	if err := e.VerifyConfirm(1, sum(1, own, peer)); err != ErrWrongPassword {
		t.Errorf("VerifyConfirm(our own confirm) = %v, want ErrWrongPassword", err)
	}
	if err := e.VerifyConfirm(2, sum(1, peer, own)); err != ErrWrongPassword {
		t.Errorf("VerifyConfirm(wrong counter) = %v, want ErrWrongPassword", err)
	}
}

func TestAnnexJ10HashToElement(t *testing.T) {
	pt, err := DerivePT(groups()[Group19], []byte(j10SSID), []byte(j10Password), []byte(j10PWID))
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][2]string{{j10H2EOwn, j10H2EAP}, {j10H2EAP, j10H2EOwn}} {
		pwe, err := pt.PWE(testutil.MAC(t, order[0]), testutil.MAC(t, order[1]))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := elementBytes(pwe.p); !bytes.Equal(got, unhex(t, j10H2EPWE)) {
			t.Errorf("PWE(%s, %s) = %x, want %s", order[0], order[1], got, j10H2EPWE)
		}
	}
}
