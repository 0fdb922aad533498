package main

import (
	"encoding/json"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/google/go-cmp/cmp"
)

// wifiRootFS is newRootFS for a Wi-Fi scenario: hostapd keeps retained bytes of the
// initramfs in RAM and answers at a control socket.
func wifiRootFS(t *testing.T, unevictableKB string, retained int64) fstest.MapFS {
	m := newRootFS(t, unevictableKB)
	exp := testExpect()
	exp.RetainedBytes, exp.HostapdCtrl = retained, "/dev/hostapd/wlan1"
	data, err := json.Marshal(exp)
	if err != nil {
		t.Fatal(err)
	}
	m["e2e/expect.json"] = &fstest.MapFile{Data: data}
	return m
}

func TestRunWiFi(t *testing.T) {
	const hostapdFiles = 7 << 20
	enabled := func(ctrl, cmd string) (string, error) {
		if ctrl != "/dev/hostapd/wlan1" || cmd != "STATUS" {
			return "", errors.New("unexpected request " + ctrl + " " + cmd)
		}
		return "state=ENABLED\nnum_sta[0]=1\n", nil
	}
	tests := []struct {
		name       string
		root       fstest.MapFS
		hostapd    func(ctrl, cmd string) (string, error)
		wantFailed []string
	}{
		{name: "hostapd's files subtracted", root: wifiRootFS(t, "13000", hostapdFiles), hostapd: enabled},
		{name: "initramfs kept besides hostapd", root: wifiRootFS(t, "16000", hostapdFiles), hostapd: enabled,
			wantFailed: []string{"initramfs-freed"}},
		{name: "hostapd not counted", root: wifiRootFS(t, "13000", 0), hostapd: enabled,
			wantFailed: []string{"initramfs-freed"}},
		{name: "access point disabled", root: wifiRootFS(t, "0", hostapdFiles),
			hostapd:    func(string, string) (string, error) { return "state=DISABLED\n", nil },
			wantFailed: []string{"access-point"}},
		{name: "hostapd gone", root: wifiRootFS(t, "0", hostapdFiles),
			hostapd:    func(string, string) (string, error) { return "", errors.New("connection refused") },
			wantFailed: []string{"access-point"}},
		{name: "no client", root: wifiRootFS(t, "0", hostapdFiles), wantFailed: []string{"access-point"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := testSystem(tt.root, 1, nil)
			sys.hostapd = tt.hostapd
			got := run(sys, guestproto.ModeNewRoot)
			if diff := cmp.Diff(tt.wantFailed, failedNames(got)); diff != "" {
				t.Errorf("failed checks (-want +got):\n%s\nresult: %+v", diff, got)
			}
			if last := got.Checks[len(got.Checks)-1]; last.Name != "access-point" {
				t.Errorf("last check = %q, want access-point", last.Name)
			}
		})
	}
}

func TestRunWithoutAccessPointSkipsItsCheck(t *testing.T) {
	got := run(testSystem(newRootFS(t, "0"), 1, nil), guestproto.ModeNewRoot)
	for _, c := range got.Checks {
		if c.Name == "access-point" {
			t.Errorf("access-point check ran without an access point: %+v", c)
		}
	}
}
