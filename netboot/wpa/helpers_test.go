package wpa

import (
	"encoding/hex"
	"strings"
	"testing"
)

// unhex decodes hex that may contain spaces and newlines.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("bad hex in test: %v", err)
	}
	return b
}

func unhex32(t testing.TB, s string) [32]byte {
	t.Helper()
	b := unhex(t, s)
	if len(b) != 32 {
		t.Fatalf("want 32 bytes of hex, got %d", len(b))
	}
	return [32]byte(b)
}
