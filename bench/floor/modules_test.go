package main

import (
	"testing"

	"github.com/airroot/airroot/modload"
	"github.com/google/go-cmp/cmp"
)

func TestModulesToLoad(t *testing.T) {
	closure := []modload.Module{
		{Name: "cfg80211", Path: "kernel/net/wireless/cfg80211.ko"},
		{Name: "mac80211", Path: "kernel/net/mac80211/mac80211.ko"},
		{Name: "crc32c", Builtin: true},
		{Name: "sunrpc", Path: "kernel/net/sunrpc/sunrpc.ko"},
		{Name: "nfs-acl", Path: "kernel/fs/nfs_common/nfs_acl.ko"},
		{Name: "nfs", Path: "kernel/fs/nfs/nfs.ko"},
	}
	tests := []struct {
		name   string
		loaded []string
		want   []string
	}{
		{name: "nothing loaded", want: []string{"cfg80211", "mac80211", "sunrpc", "nfs-acl", "nfs"}},
		{name: "the fixture's radio stack loaded", loaded: []string{"cfg80211", "mac80211", "mac80211_hwsim"},
			want: []string{"sunrpc", "nfs-acl", "nfs"}},
		{name: "names compared normalised", loaded: []string{"nfs_acl"}, want: []string{"cfg80211", "mac80211", "sunrpc", "nfs"}},
		{name: "all loaded", loaded: []string{"cfg80211", "mac80211", "sunrpc", "nfs_acl", "nfs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range modulesToLoad(closure, tt.loaded) {
				got = append(got, m.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("modulesToLoad (-want +got):\n%s", diff)
			}
		})
	}
}
