package wifi

import "testing"

func TestSAEHashToElementAdvertised(t *testing.T) {
	rates := []byte{1, 4, 0x82, 0x84, 0x8b, 0x96}
	tests := []struct {
		name         string
		ies          []byte
		h2e, h2eOnly bool
	}{
		{"no RSNXE", rates, false, false},
		{"RSNXE without H2E", append(append([]byte{}, rates...), 244, 1, 0x00), false, false},
		{"RSNXE with H2E (sae_pwe=2)", append(append([]byte{}, rates...), 244, 1, 0x20), true, false},
		{"H2E-only selector in the rates (sae_pwe=1)", append([]byte{1, 5, 0x82, 0x84, 0x8b, 0x96, 0xfb}, 244, 1, 0x20), true, true},
		{"H2E-only selector in the extended rates", append(append([]byte{}, rates...), 50, 2, 0x0c, 0xfb), false, true},
		{"truncated RSNXE", append(append([]byte{}, rates...), 244, 0), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := saeH2E(tt.ies); got != tt.h2e {
				t.Errorf("saeH2E = %v, want %v", got, tt.h2e)
			}
			if got := saeH2EOnly(tt.ies); got != tt.h2eOnly {
				t.Errorf("saeH2EOnly = %v, want %v", got, tt.h2eOnly)
			}
		})
	}
}
