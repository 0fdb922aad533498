package main

import (
	"testing"
	"testing/fstest"
)

func TestFindKeeper(t *testing.T) {
	tests := []struct {
		name    string
		procs   map[string]string
		want    int
		wantErr bool
	}{
		{name: "found", procs: map[string]string{"1": "/sbin/init\x00", "82": "@airroot\x00"}, want: 82},
		{name: "supervisor first", procs: map[string]string{"1": "/sbin/init\x00", "107": "@airroot\x00worker\x00", "102": "@airroot\x00"}, want: 102},
		{name: "a restarted worker's pid wrapped below", procs: map[string]string{"40": "@airroot\x00worker\x00", "102": "@airroot\x00"}, want: 102},
		{name: "worker alone", procs: map[string]string{"107": "@airroot\x00worker\x00"}, wantErr: true},
		{name: "plain name is not enough", procs: map[string]string{"82": "airroot\x00"}, wantErr: true},
		{name: "absent", procs: map[string]string{"1": "/sbin/init\x00"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fstest.MapFS{"proc/self/cmdline": {Data: []byte("x")}}
			for pid, cmdline := range tt.procs {
				root["proc/"+pid+"/cmdline"] = &fstest.MapFile{Data: []byte(cmdline)}
			}
			got, err := findKeeper(root)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("findKeeper = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
