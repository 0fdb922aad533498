package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/airroot/airroot/e2e/guestproto"
)

// stickWait bounds how long the app waits for the stick's file once it asked
// for the stick, and for its mount to go once it asked for it to be pulled out.
const stickWait = 2 * time.Minute

// stickMedia is where airroot's automount puts drives.
const stickMedia = "/media"

// stickChecks ask the harness for the stick (say), read its file from
// /media/LABEL, then ask for the stick to go and wait for its mount and
// directory to go with it.
func stickChecks(sys system, st *guestproto.Stick, say func(string), sleep func(time.Duration)) []guestproto.Check {
	dir := path.Join(stickMedia, st.Label)
	file := path.Join(dir, st.File)
	say(fmt.Sprintf("%s at %s", guestproto.StickPlugLine, file))
	read := checkStickRead(sys, st, file, sleep)
	if !read.Pass {
		return []guestproto.Check{read}
	}
	mounted := checkStickMount(sys, dir)
	say(guestproto.StickPullLine)
	return []guestproto.Check{read, mounted, checkStickGone(sys, dir, sleep)}
}

// checkStickRead waits for file and checks its digest.
func checkStickRead(sys system, st *guestproto.Stick, file string, sleep func(time.Duration)) guestproto.Check {
	var err error
	for waited := time.Duration(0); waited < stickWait; waited += time.Second {
		var data []byte
		if data, err = fs.ReadFile(sys.root, relative(file)); err == nil {
			sum := sha256.Sum256(data)
			if got := hex.EncodeToString(sum[:]); got != st.SHA256 {
				return newCheck("stick-read", fmt.Errorf("%s: SHA-256 %s, want %s", file, got, st.SHA256), "")
			}
			return newCheck("stick-read", nil, fmt.Sprintf("%s: %d bytes, SHA-256 as written, after %v", file, len(data), waited))
		}
		sleep(time.Second)
	}
	return newCheck("stick-read", fmt.Errorf("%s after %v: %w", file, stickWait, err), "")
}

// checkStickMount checks that dir is a read-only FAT mount.
func checkStickMount(sys system, dir string) guestproto.Check {
	mounts, err := readMounts(sys)
	if err != nil {
		return newCheck("stick-mounted", err, "")
	}
	m, ok := lastMountAt(mounts, dir)
	if !ok || m.FSType != "vfat" || !strings.HasPrefix(m.Options, "ro") {
		err = fmt.Errorf("%s: %+v, want a read-only vfat mount", dir, m)
	}
	return newCheck("stick-mounted", err, fmt.Sprintf("%s on %s (%s, %s)", m.Source, m.Point, m.FSType, m.Options))
}

// checkStickGone waits until dir is neither a mount point nor a directory.
func checkStickGone(sys system, dir string, sleep func(time.Duration)) guestproto.Check {
	var state string
	for waited := time.Duration(0); waited < stickWait; waited += time.Second {
		mounts, err := readMounts(sys)
		if err != nil {
			return newCheck("stick-unmounted", err, "")
		}
		_, mounted := lastMountAt(mounts, dir)
		_, err = fs.Stat(sys.root, relative(dir))
		if !mounted && errors.Is(err, fs.ErrNotExist) {
			return newCheck("stick-unmounted", nil, fmt.Sprintf("%s unmounted and removed %v after the request", dir, waited))
		}
		state = fmt.Sprintf("mounted %v, directory: %v", mounted, err)
		sleep(time.Second)
	}
	return newCheck("stick-unmounted", fmt.Errorf("%s after %v: %s", dir, stickWait, state), "")
}
