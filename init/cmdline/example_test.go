package cmdline_test

import (
	"fmt"
	"net/netip"

	"github.com/airroot/airroot/init/cmdline"
	"github.com/airroot/airroot/netboot/nfsroot"
)

// Example shows how the NFS root is put together from the command line, DHCP's answer and
// the client's address, in the kernel's order.
func Example() {
	cfg, errs := cmdline.Parse("console=tty1 root=/dev/nfs nfsroot=,vers=3,tcp rw ip=wlan0:dhcp\n")
	for _, err := range errs {
		fmt.Println(err)
	}

	// What DHCP answered (root-path option 17, next-server and the lease's address).
	rootPath, nextServer, client := "192.168.1.2:/srv/%s,tcp,port=2049", "192.168.1.2", netip.MustParseAddr("192.168.1.20")

	var spec nfsroot.Spec
	if cfg.NFSFromDHCP {
		fromDHCP, err := nfsroot.ParseRootPath(rootPath)
		if err != nil {
			fmt.Println(err)
			return
		}
		spec = fromDHCP
	}
	if cfg.NFS != nil {
		spec = spec.Merge(*cfg.NFS)
	}
	resolved, err := spec.Resolve(client, nextServer)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := resolved.Mount(netip.MustParseAddr(resolved.Server))
	fmt.Println("device:", cfg.IP.Device, "read-only:", cfg.ReadOnly)
	fmt.Println("mount -t", m.FSType, "-o", m.Data, m.Source)
	// Output:
	// device: wlan0 read-only: false
	// mount -t nfs -o nolock,addr=192.168.1.2,port=2049,vers=3,tcp 192.168.1.2:/srv/192.168.1.20
}
