package keeper

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestReadEAPFiles(t *testing.T) {
	tests := []struct {
		name string
		fs   fstest.MapFS
		want map[string][]byte
	}{
		{"none", fstest.MapFS{"etc/airroot/wpa_supplicant.conf": {Data: []byte("x")}}, nil},
		{"two networks", fstest.MapFS{
			"etc/airroot/eap/0/ca.pem":  {Data: []byte("CA0")},
			"etc/airroot/eap/1/key.pem": {Data: []byte("KEY1")},
			"etc/airroot/other":         {Data: []byte("no")},
		}, map[string][]byte{"/etc/airroot/eap/0/ca.pem": []byte("CA0"), "/etc/airroot/eap/1/key.pem": []byte("KEY1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readEAPFiles(tt.fs)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readEAPFiles (-want +got):\n%s", diff)
			}
		})
	}
}
