package wifi

import (
	"net"
	"sync"
	"time"

	"github.com/airroot/airroot/netboot/wpa"
)

// PMKLifetime is how long a PMKSA is kept when nothing says otherwise:
// wpa_supplicant's dot11RSNAConfigPMKLifetime, 43200 s.
const PMKLifetime = 12 * time.Hour

// pmksaMax bounds the cache: a station rejoins one network, a few access
// points of it at most.
const pmksaMax = 8

// PMKSA is a cached PMK security association (802.11-2020 12.6.10.3):
// the PMK that SAE or 802.1X established with one access point, and the
// PMKID that names it.
type PMKSA struct {
	BSSID   net.HardwareAddr
	SSID    string
	AKM     wpa.Suite
	PMK     [32]byte
	PMKID   [16]byte
	Expires time.Time
}

// PMKSACache keeps PMKSAs across joins, so that a rejoin after a
// deauthentication offers the PMKID in its association request and skips
// SAE or EAP when the access point still has it (12.6.10.3). It is safe
// for concurrent use; the zero value is not: use NewPMKSACache.
type PMKSACache struct {
	now      func() time.Time
	lifetime time.Duration
	mu       sync.Mutex
	entries  []PMKSA // oldest first
}

// NewPMKSACache returns an empty cache whose entries live for lifetime
// (PMKLifetime when 0) by the clock now (time.Now when nil).
func NewPMKSACache(lifetime time.Duration, now func() time.Time) *PMKSACache {
	if lifetime <= 0 {
		lifetime = PMKLifetime
	}
	if now == nil {
		now = time.Now
	}
	return &PMKSACache{now: now, lifetime: lifetime}
}

// Get returns the live PMKSA for the access point, network and AKM.
func (c *PMKSACache) Get(bssid net.HardwareAddr, ssid string, akm wpa.Suite) (PMKSA, bool) {
	if c == nil {
		return PMKSA{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire()
	if i := c.find(bssid, ssid, akm); i >= 0 {
		return c.entries[i], true
	}
	return PMKSA{}, false
}

// Put stores p, replacing the entry for the same key and evicting the
// oldest when the cache is full. Its Expires is set from the lifetime.
func (c *PMKSACache) Put(p PMKSA) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(p.BSSID, p.SSID, p.AKM)
	p.BSSID = append(net.HardwareAddr(nil), p.BSSID...)
	p.Expires = c.now().Add(c.lifetime)
	if len(c.entries) >= pmksaMax {
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, p)
}

// Remove forgets the PMKSA for the access point, network and AKM: the
// access point did not recognise it.
func (c *PMKSACache) Remove(bssid net.HardwareAddr, ssid string, akm wpa.Suite) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(bssid, ssid, akm)
}

// Len is the number of entries, expired ones included until the next Get.
func (c *PMKSACache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

func (c *PMKSACache) drop(bssid net.HardwareAddr, ssid string, akm wpa.Suite) {
	if i := c.find(bssid, ssid, akm); i >= 0 {
		c.entries = append(c.entries[:i], c.entries[i+1:]...)
	}
}

func (c *PMKSACache) find(bssid net.HardwareAddr, ssid string, akm wpa.Suite) int {
	for i, p := range c.entries {
		if p.AKM == akm && p.SSID == ssid && string(p.BSSID) == string(bssid) {
			return i
		}
	}
	return -1
}

func (c *PMKSACache) expire() {
	now := c.now()
	kept := c.entries[:0]
	for _, p := range c.entries {
		if now.Before(p.Expires) {
			kept = append(kept, p)
		}
	}
	c.entries = kept
}
