package mdev_test

import (
	"context"
	"errors"
	"io/fs"
	"log"
	"os"
	"time"

	"github.com/airroot/airroot/mdev"
	"github.com/airroot/airroot/modload"
)

// Example shows how PID 1 runs the daemon: modules from the initramfs's
// tree, rules from its /etc/mdev.conf, the devices settled before the
// network comes up, and hotplug handed over before switch_root.
func Example() {
	root := os.DirFS("/")
	ids, err := mdev.ReadIDs(root)
	if err != nil {
		log.Print(err)
	}
	rules, err := mdev.ReadConf(root, "etc/mdev.conf", ids)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.Print(err) // the good lines are kept
	}
	d := &mdev.Daemon{
		Rules:   rules,
		Modules: &modload.Loader{Dir: "/lib/modules/6.1.0-50-armmp", Log: log.Printf},
		Log:     log.Printf,
	}
	ctx := context.Background()
	if err := d.Start(ctx); err != nil {
		log.Print(err)
	}
	settleCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := d.Settle(settleCtx, 500*time.Millisecond); err != nil {
		log.Print(err) // boot on: a slow device may still come
	}
	// ... bring the network up, mount the root ...
	if err := d.Stop(); err != nil {
		log.Print(err)
	}
}
