package modload

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReasons checks that every way of loading says, per module, what asked
// for it: the caller's reason for the named modules, "needed by X" for
// their dependencies, "pre/post softdep of X" for their softdeps.
func TestReasons(t *testing.T) {
	tests := []struct {
		name string
		load func(l *Loader) error
		want []string
	}{
		{
			name: "LoadFor: a device's modalias",
			load: func(l *Loader) error {
				return l.LoadFor("modalias virtio:d00000001v00001AF4 of /devices/virtio0", "virtio_net")
			},
			want: []string{
				"loaded module net_failover (needed by virtio_net)",
				"loaded module virtio_net (modalias virtio:d00000001v00001AF4 of /devices/virtio0)",
			},
		},
		{
			name: "LoadAliasFor: an alias, its softdeps",
			load: func(l *Loader) error { return l.LoadAliasFor("fs-nfs", "kernel request fs-nfs") },
			want: []string{
				"loaded module sunrpc (needed by lockd)",
				"loaded module lockd (needed by nfs)",
				"loaded module md5 (pre softdep of nfs)",
				"loaded module nfs (kernel request fs-nfs) with timeo=30",
				"loaded module nfsv3 (post softdep of nfs)",
			},
		},
		{
			name: "LoadAliasFor: a module name",
			load: func(l *Loader) error { return l.LoadAliasFor("ipv6", "kernel request ipv6") },
			want: []string{"loaded module ipv6 (kernel request ipv6)"},
		},
		{
			name: "LoadAlias: as before",
			load: func(l *Loader) error { return l.LoadAlias("crypto-ccm") },
			want: []string{"loaded module ccm (for crypto-ccm)", "loaded module ctr (post softdep of ccm)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log strings.Builder
			l := newNetLoader(t, "softdep ccm post: ctr\n", &recordingKernel{}, &log)
			if err := tt.load(l); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(log.String()), "\n") {
				if strings.HasPrefix(line, "loaded module ") {
					got = append(got, line)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("log (-want +got):\n%s\nwhole log:\n%s", diff, log.String())
			}
		})
	}
}

func TestLoaderClosureWhy(t *testing.T) {
	l := newNetLoader(t, "", &recordingKernel{}, &strings.Builder{})
	mods, err := l.Closure("nfs")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range mods {
		got = append(got, m.Name+": "+m.Reason())
	}
	want := []string{"sunrpc: needed by lockd", "lockd: needed by nfs", "nfs: asked for", "md5: pre softdep of nfs", "nfsv3: post softdep of nfs"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Closure reasons (-want +got):\n%s", diff)
	}
}
