package keeper

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/airroot/airroot/init/app"
	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot"
)

// TestLeaseTaken: every lease Keep takes reaches the supervisor, and a changed
// one the app's network file, which is rewritten only where PID 1 wrote one.
func TestLeaseTaken(t *testing.T) {
	state := netboot.State{Interface: "wlan0", Address: netip.MustParsePrefix("10.0.2.101/24"),
		Gateway: netip.MustParseAddr("10.0.2.2"), DHCP: true, ServerID: netip.MustParseAddr("10.0.2.1")}
	old := []byte("STATE=up\nINTERFACE=wlan0\nADDRESS=10.0.2.100/24\n")
	tests := []struct {
		name     string
		file     []byte // the app's network file before; nil: none
		changed  bool
		wantFile []byte // after; nil: none
	}{
		{name: "renewed, nothing changed", file: old, wantFile: old},
		{name: "address changed", file: old, changed: true,
			wantFile: []byte("STATE=up\nINTERFACE=wlan0\nADDRESS=10.0.2.101/24\nGATEWAY=10.0.2.2\n")},
		{name: "no app: no file", changed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			appNetworkFile = filepath.Join(t.TempDir(), "airroot", "network")
			t.Cleanup(func() { appNetworkFile = app.NetworkFile })
			if tt.file != nil {
				if err := app.WriteNetwork(appNetworkFile, app.Network{}); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(appNetworkFile, tt.file, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var status bytes.Buffer
			k := &keeper{log: &bootlog.Logger{}, status: &status, net: netboot.New(nil, nil)}
			k.net.Adopt(state)
			k.leaseTaken(tt.changed)
			got, err := os.ReadFile(appNetworkFile)
			if tt.wantFile == nil && err == nil {
				t.Errorf("network file written where there was none: %q", got)
			}
			if tt.wantFile != nil && !bytes.Equal(got, tt.wantFile) {
				t.Errorf("network file = %q, %v; want %q", got, err, tt.wantFile)
			}
			var ws workerState
			if err := json.Unmarshal(status.Bytes(), &ws); err != nil || ws.Net == nil || ws.Net.Address != state.Address || ws.Lease == nil {
				t.Errorf("supervisor told %q (%v), want the lease of %s", status.Bytes(), err, state.Address)
			}
		})
	}
}
