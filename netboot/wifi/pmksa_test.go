package wifi

import (
	"net"
	"testing"
	"time"

	"github.com/airroot/airroot/netboot/wpa"
)

func testBSSID(i int) net.HardwareAddr { return net.HardwareAddr{2, 0, 0, 0, 0, byte(i)} }

func TestPMKSACache(t *testing.T) {
	ap1, ap2 := testBSSID(1), testBSSID(2)
	entry := PMKSA{BSSID: ap1, SSID: "home", AKM: wpa.AKMSAE, PMK: [32]byte{1}, PMKID: [16]byte{1}}
	tests := []struct {
		name   string
		after  time.Duration // between Put and Get
		bssid  net.HardwareAddr
		ssid   string
		akm    wpa.Suite
		remove bool
		want   bool
	}{
		{"same access point, network and AKM", 0, ap1, "home", wpa.AKMSAE, false, true},
		{"just before the lifetime ends", time.Hour - time.Second, ap1, "home", wpa.AKMSAE, false, true},
		{"expired", time.Hour, ap1, "home", wpa.AKMSAE, false, false},
		{"another access point", 0, ap2, "home", wpa.AKMSAE, false, false},
		{"another network", 0, ap1, "work", wpa.AKMSAE, false, false},
		{"another AKM", 0, ap1, "home", wpa.AKM8021X, false, false},
		{"removed", 0, ap1, "home", wpa.AKMSAE, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1000, 0)
			c := NewPMKSACache(time.Hour, func() time.Time { return now })
			c.Put(entry)
			if tt.remove {
				c.Remove(tt.bssid, tt.ssid, tt.akm)
			}
			now = now.Add(tt.after)
			got, ok := c.Get(tt.bssid, tt.ssid, tt.akm)
			if ok != tt.want {
				t.Fatalf("Get found = %v, want %v", ok, tt.want)
			}
			if ok && (got.PMK != entry.PMK || got.PMKID != entry.PMKID) {
				t.Errorf("Get = %+v, want %+v", got, entry)
			}
		})
	}
}

func TestPMKSACacheEviction(t *testing.T) {
	tests := []struct {
		name string
		puts int
	}{
		{"full", pmksaMax},
		{"one over", pmksaMax + 1},
		{"three over", pmksaMax + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewPMKSACache(0, nil)
			for i := range tt.puts {
				c.Put(PMKSA{BSSID: testBSSID(i), SSID: "home", AKM: wpa.AKMSAE, PMKID: [16]byte{byte(i)}})
			}
			if c.Len() != min(tt.puts, pmksaMax) {
				t.Errorf("Len = %d, want %d", c.Len(), min(tt.puts, pmksaMax))
			}
			for i := range tt.puts {
				_, ok := c.Get(testBSSID(i), "home", wpa.AKMSAE)
				if want := i >= tt.puts-pmksaMax; ok != want {
					t.Errorf("entry %d kept = %v, want %v (the oldest go first)", i, ok, want)
				}
			}
		})
	}
}

func TestPMKSACacheReplaces(t *testing.T) {
	c := NewPMKSACache(0, nil)
	for i := range 3 {
		c.Put(PMKSA{BSSID: testBSSID(1), SSID: "home", AKM: wpa.AKMSAE, PMKID: [16]byte{byte(i)}})
	}
	got, ok := c.Get(testBSSID(1), "home", wpa.AKMSAE)
	if !ok || got.PMKID[0] != 2 || c.Len() != 1 {
		t.Errorf("after 3 puts for one key: Get = %x, %v, Len %d; want the last, one entry", got.PMKID, ok, c.Len())
	}
	var nilCache *PMKSACache
	if _, ok := nilCache.Get(testBSSID(1), "home", wpa.AKMSAE); ok {
		t.Error("a nil cache found an entry")
	}
}
