package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/airroot/airroot/bench/benchproto"
	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/wifi"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// joinTimeout bounds one join.
const joinTimeout = 60 * time.Second

// joinWiFi joins the access point rounds times with airroot's own Wi-Fi code told
// its channel: one scan of that channel alone, authentication, association and the
// 4-way handshake, with nothing else running. It stays joined after the last.
func joinWiFi(rounds int) error {
	cfg, freq, err := wifiSetup()
	if err != nil {
		return err
	}
	for round := 1; round <= rounds; round++ {
		ctx, cancel := context.WithTimeout(context.Background(), joinTimeout)
		s, err := wifi.Join(ctx, cfg, "", wifi.Options{Scans: 1, Hint: wifi.Hint{Frequencies: []int{freq}}})
		cancel()
		if err != nil {
			return err
		}
		t := s.Times
		emit(benchproto.FloorScanAssociate, t.Associated.Sub(t.InterfaceUp).Seconds())
		emit(benchproto.FloorHandshake, t.KeysInstalled.Sub(t.Associated).Seconds())
		emit(benchproto.FloorWiFi, t.KeysInstalled.Sub(t.InterfaceUp).Seconds())
		if round < rounds {
			s.Close()
		}
	}
	return nil
}

// wifiSetup reads the station's configuration airroot's keeper reads and the
// access point's channel from the fixture's configuration.
func wifiSetup() (*conf.Config, int, error) {
	f, err := os.Open(layout.WiFiConfig.Path)
	if err != nil {
		return nil, 0, fmt.Errorf("read the Wi-Fi configuration: %w", err)
	}
	defer f.Close()
	cfg, _, err := conf.Parse(f)
	if err != nil {
		return nil, 0, fmt.Errorf("read the Wi-Fi configuration: %w", err)
	}
	data, err := os.ReadFile(guestproto.FixtureConfigPath)
	if err != nil {
		return nil, 0, fmt.Errorf("read the access point's channel: %w", err)
	}
	fc, err := guestproto.ParseFixtureConfig(data)
	if err != nil {
		return nil, 0, fmt.Errorf("read the access point's channel: %w", err)
	}
	return cfg, channelMHz(fc.Channel), nil
}

// channelMHz is a 2.4 GHz channel's centre frequency (802.11-2020 15.4.4.3:
// 2407 + 5 × channel; channel 14 is 2484).
func channelMHz(channel int) int {
	if channel == 14 {
		return 2484
	}
	return 2407 + 5*channel
}
