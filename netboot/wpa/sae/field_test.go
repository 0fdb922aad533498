package sae

import (
	"bytes"
	"math/big"
	"testing"
)

// lessThan and reduceBelow keep hunting-and-pecking's rounds alike; they must
// still compare and stand in correctly, at the edges too.
func TestLessThanAndReduceBelow(t *testing.T) {
	p := new(big.Int).SetBytes(groups()[Group19].curve.pBytes)
	at := func(delta int64) []byte {
		return new(big.Int).Add(p, big.NewInt(delta)).FillBytes(make([]byte, 32))
	}
	tests := []struct {
		name  string
		value []byte
		less  int
	}{
		{"zero", make([]byte, 32), 1},
		{"p-1", at(-1), 1},
		{"p", at(0), 0},
		{"p+1", at(1), 0},
		{"all ones", bytes.Repeat([]byte{0xff}, 32), 0},
		{"p-2^200", new(big.Int).Sub(p, new(big.Int).Lsh(big.NewInt(1), 200)).FillBytes(make([]byte, 32)), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lessThan(tt.value, groups()[Group19].curve.pBytes); got != tt.less {
				t.Errorf("lessThan = %d, want %d", got, tt.less)
			}
			want := tt.value
			if tt.less == 0 {
				want = at(-1)
			}
			if got := reduceBelow(tt.value, groups()[Group19].curve.pBytes); !bytes.Equal(got, want) {
				t.Errorf("reduceBelow = %x, want %x", got, want)
			}
		})
	}
}
