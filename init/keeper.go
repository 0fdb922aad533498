package boot

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/airroot/airroot/netboot"
)

// The keeper is the process of airroot that brings the root's network up
// and keeps it up after switch_root: the association, its keys and the DHCP
// lease must outlive the initramfs, or the root dies with them. PID 1 starts
// it early as "@airroot" (systemd spares processes whose argv[0] starts with
// '@' at switch-root and shutdown); the two talk over a socket pair with one
// JSON message a line.

// KeeperName is the keeper's argv[0].
const KeeperName = "@airroot"

// keeperMsg is one message between PID 1 and the keeper.
type keeperMsg struct {
	Step      *Step          `json:"step,omitempty"`      // keeper → PID 1: a step finished
	Ready     *netboot.State `json:"ready,omitempty"`     // keeper → PID 1: the network is up
	Fatal     string         `json:"fatal,omitempty"`     // keeper → PID 1: the network cannot come up without a fix
	Switching string         `json:"switching,omitempty"` // PID 1 → keeper: the new root's directory, just before switch_root
	// DevicesSettled (PID 1 → keeper): the modules and devices steps are
	// done, so a missing interface will not come by itself any more.
	DevicesSettled bool `json:"devices_settled,omitempty"`
}

// send writes one message.
func send(w io.Writer, m keeperMsg) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// receive reads the next message.
func receive(d *json.Decoder) (keeperMsg, error) {
	var m keeperMsg
	if err := d.Decode(&m); err != nil {
		return m, err
	}
	if m.Step == nil && m.Ready == nil && m.Fatal == "" && m.Switching == "" && !m.DevicesSettled {
		return m, fmt.Errorf("keeper: empty message")
	}
	return m, nil
}
