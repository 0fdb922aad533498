package modload

import "testing"

func TestName(t *testing.T) {
	tests := []struct {
		name string
		path string
		want string
	}{
		{name: "plain", path: "kernel/net/mac80211/mac80211.ko", want: "mac80211"},
		{name: "dashes", path: "kernel/sound/soc/ti/snd-soc-ti-udma.ko", want: "snd_soc_ti_udma"},
		{name: "xz", path: "kernel/fs/nfs/nfs.ko.xz", want: "nfs"},
		{name: "zstd", path: "/lib/modules/6.1.0/kernel/crypto/ccm.ko.zst", want: "ccm"},
		{name: "gzip", path: "extra/rtl8192cu.ko.gz", want: "rtl8192cu"},
		{name: "bare name", path: "virtio-net", want: "virtio_net"},
		{name: "not a module suffix", path: "dir/foo.ko.bz2", want: "foo.ko.bz2"},
		{name: "suffix only", path: "kernel/.ko", want: ".ko"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Name(tt.path); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "dashes", in: "snd-soc-core", want: "snd_soc_core"},
		{name: "already normal", in: "snd_soc_core", want: "snd_soc_core"},
		{name: "mixed", in: "a-b_c", want: "a_b_c"},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
