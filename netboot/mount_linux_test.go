package netboot

import (
	"errors"
	"strings"
	"testing"

	"github.com/airroot/airroot/init/bootlog"
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
	}
	for _, tt := range tests {
		t.Run(tt.errno.Error(), func(t *testing.T) {
			err := explainMount("10.0.2.2:/srv", tt.errno)
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
