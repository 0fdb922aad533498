package main

import (
	"fmt"

	"github.com/airroot/airroot/e2e/guestproto"
	"github.com/airroot/airroot/e2e/hostapdctl"
)

// checkAccessPoint asks the test access point's hostapd, started from the initramfs
// before airroot, for its status: it must have outlived the switch and still serve.
func checkAccessPoint(sys system, exp guestproto.Expect) guestproto.Check {
	if sys.hostapd == nil {
		return newCheck("access-point", fmt.Errorf("no hostapd client"), "")
	}
	reply, err := sys.hostapd(exp.HostapdCtrl, "STATUS")
	if err != nil {
		return newCheck("access-point", err, "")
	}
	st := hostapdctl.ParseStatus(reply)
	if !st.Enabled() {
		err = fmt.Errorf("hostapd at %s says state=%q, want ENABLED", exp.HostapdCtrl, st["state"])
	}
	return newCheck("access-point", err, fmt.Sprintf("hostapd at %s: state=%s, stations=%s",
		exp.HostapdCtrl, st["state"], st["num_sta[0]"]))
}
