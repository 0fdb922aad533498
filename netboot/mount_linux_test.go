package netboot

import (
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
	"github.com/airroot/airroot/netboot/nfsroot"
	"golang.org/x/sys/unix"
)

func TestExplainMount(t *testing.T) {
	tests := []struct {
		errno     unix.Errno
		want      string
		permanent bool
	}{
		{unix.ECONNREFUSED, "is the NFS server running, on that port?", false},
		{unix.EACCES, "does its /etc/exports allow this client?", false},
		{unix.ENOENT, "no such export", false},
		{unix.ETIMEDOUT, "no answer from the server", false},
		{unix.ENODEV, "the kernel has no NFS support", true},
		{unix.EINVAL, "rejected the mount options", true},
		{unix.EIO, "mount 10.0.2.2:/srv: input/output error", false},
		{unix.EPROTONOSUPPORT, "NFS vers=3 refused: the server does not serve it", false},
	}
	for _, tt := range tests {
		t.Run(tt.errno.Error(), func(t *testing.T) {
			err := explainMount(nfsroot.MountArgs{Source: "10.0.2.2:/srv", FSType: "nfs", Data: "vers=3,nolock"}, "/srv", tt.errno)
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "10.0.2.2:/srv") {
				t.Errorf("explainMount = %q, want it to name the source and say %q", err, tt.want)
			}
			if !errors.Is(err, tt.errno) {
				t.Errorf("%v does not wrap %v", err, tt.errno)
			}
			if got := errors.Is(err, bootlog.ErrPermanent); got != tt.permanent {
				t.Errorf("permanent = %v, want %v", got, tt.permanent)
			}
		})
	}
}

// TestExplainMountNFS4: NFSv4's failures name what differs from v3, the pseudo root
// and the minor version, with what to change.
func TestExplainMountNFS4(t *testing.T) {
	tests := []struct {
		data  string
		errno unix.Errno
		want  []string
	}{
		{"addr=10.0.2.2,vers=4.1", unix.ENOENT, []string{"under its NFSv4 pseudo root", "Pseudo=", "try vers=3"}},
		{"addr=10.0.2.2,vers=4.2", unix.EPROTONOSUPPORT, []string{"vers=4.2 refused", "try vers=4.1", "nfsv4 module"}},
		{"addr=10.0.2.2,vers=4.2,v4.0", unix.EPROTONOSUPPORT, []string{"vers=4.0 refused"}},
		{"addr=10.0.2.2", unix.EPROTONOSUPPORT, []string{"vers=4 refused", "Minor_Versions"}},
		{"addr=10.0.2.2,vers=4.1", unix.ECONNREFUSED, []string{"is the NFS server running, on that port?"}},
	}
	for _, tt := range tests {
		args := nfsroot.MountArgs{Source: "10.0.2.2:/srv/pi", FSType: "nfs4", Data: tt.data}
		err := explainMount(args, "/srv/pi", tt.errno)
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("explainMount(%s, %v) = %q, want it to say %q", tt.data, tt.errno, err, w)
			}
		}
		if !errors.Is(err, tt.errno) || errors.Is(err, bootlog.ErrPermanent) {
			t.Errorf("explainMount(%s, %v) = %v: want it to wrap the errno and stay retryable", tt.data, tt.errno, err)
		}
	}
}

// TestExplainMountOptionsInPath: what follows a colon in the path and looks like an
// option stays in the path when the parser does not know it as an NFS option (a
// misspelt "nfsver=3"); the server then has no such export, and the error says where
// options go.
func TestExplainMountOptionsInPath(t *testing.T) {
	tests := []struct {
		source, path, want string
	}{
		{"10.0.2.2:/srv/pi:nfsver=3", "/srv/pi:nfsver=3", `the path ends in ":nfsver=3"`},
		{"[fd00::1]:/srv/pi:tcp,nolock", "/srv/pi:tcp,nolock", `(nfsroot=<server>:<dir>,tcp,nolock)`},
		{"10.0.2.2:/srv/pi", "/srv/pi", ""},
		{"10.0.2.2:/srv/pi:2024", "/srv/pi:2024", ""},
	}
	for _, tt := range tests {
		err := explainMount(nfsroot.MountArgs{Source: tt.source, FSType: "nfs", Data: "vers=3"}, tt.path, unix.ENOENT)
		got := err.Error()
		if tt.want == "" && strings.Contains(got, "reads like mount options") {
			t.Errorf("explainMount(%s) = %q: no options in that path", tt.source, got)
		}
		if tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("explainMount(%s) = %q, want it to say %q", tt.source, got, tt.want)
		}
	}
}
