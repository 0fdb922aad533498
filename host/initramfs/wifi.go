package initramfs

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

func (b *builder) addWiFi() error {
	c := b.spec.WiFi
	if c == nil {
		return nil
	}
	if len(c.Networks) == 0 {
		return fmt.Errorf("wi-fi configuration: no network={...} block")
	}
	image := *c
	image.Networks = make([]conf.Network, len(c.Networks))
	for i, n := range c.Networks {
		var err error
		if image.Networks[i], err = b.addEAP(i, n); err != nil {
			return fmt.Errorf("wi-fi configuration: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := conf.WriteConfig(&buf, &image); err != nil {
		return fmt.Errorf("wi-fi configuration: %w", err)
	}
	var ssids []string
	what := " (PSK in hex, no pass-phrase)"
	for _, n := range c.Networks {
		ssids = append(ssids, fmt.Sprintf("%q", n.SSID))
		b.checkNetwork(n)
		if n.KeyMgmt&conf.KeyMgmtSAE != 0 {
			what = " (PSK in hex; SAE password as given, readable by root only)"
		}
	}
	b.a.File(layout.WiFiConfig.InArchive(), buf.Bytes(), 0o600, "Wi-Fi networks "+strings.Join(ssids, ", ")+what)
	return nil
}

func (b *builder) checkNetwork(n conf.Network) {
	switch {
	case n.KeyMgmt == conf.KeyMgmtNone:
		b.warnf("Wi-Fi network %q is open (key_mgmt=NONE, no PSK): everything the board sends, its NFS root included, can be read and altered over the air", n.SSID)
	case n.Disabled:
		b.warnf("Wi-Fi network %q has disabled=1: airroot will not join it", n.SSID)
	}
}
