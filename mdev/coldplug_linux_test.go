package mdev

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDaemonColdplugPlacesNodesOnce reads a disk's uevent file whose add
// event the socket also brings: the rule moves and links the node once, and
// the second add finds it in place.
func TestDaemonColdplugPlacesNodesOnce(t *testing.T) {
	needRoot(t)
	h := newHarness(t)
	writeSys(t, h.d.Sys, map[string]string{
		"devices/platform/soc/20202000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0/uevent": "MAJOR=179\nMINOR=0\nDEVNAME=mmcblk0\nDEVTYPE=disk\n",
		"class/block/mmcblk0": "->../../devices/platform/soc/20202000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0",
	})
	rules, err := ParseConf(strings.NewReader("mmcblk([0-9]) 0:6 640 >disk/sd%1\n"), testIDs)
	if err != nil {
		t.Fatal(err)
	}
	h.d.Rules = rules
	devtmpfsNode(t, h.d.Dev, "mmcblk0", true, 179, 0)
	h.start(t)
	h.send(event(t, "DEVPATH=/devices/platform/soc/20202000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0",
		"SUBSYSTEM=block", "DEVNAME=mmcblk0", "MAJOR=179", "MINOR=0", "SEQNUM=3"))
	h.settle(t)
	got := map[string]nodeState{
		"mmcblk0":  stateOf(t, filepath.Join(h.d.Dev, "mmcblk0")),
		"disk/sd0": stateOf(t, filepath.Join(h.d.Dev, "disk/sd0")),
	}
	want := map[string]nodeState{
		"mmcblk0":  {Type: "link disk/sd0"},
		"disk/sd0": {Type: "block 179:0", Mode: 0o640, GID: 6},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("/dev after the coldplug and the add event (-want +got):\n%s", diff)
	}
	h.log.find(t, "mdev: mmcblk0 added again: its command ran already")
}
