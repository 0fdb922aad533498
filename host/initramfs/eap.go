package initramfs

import (
	"fmt"
	"os"
	"path"
	"strconv"

	"github.com/airroot/airroot/init/layout"
	"github.com/airroot/airroot/netboot/eap/eaptls"
	"github.com/airroot/airroot/netboot/wpa/conf"
)

// addEAP prepares network i's 802.1X settings for the image: the
// certificate and key files it names are copied in, mode 0600, and the
// copy points at them; a clear password becomes its NT hash when MSCHAPv2
// is all that uses it, and an encrypted client key is stored decrypted.
// The file contents are never printed.
func (b *builder) addEAP(i int, n conf.Network) (conf.Network, error) {
	if n.EAP == nil {
		return n, nil
	}
	e := *n.EAP
	if e.HashPassword() {
		b.warnf("Wi-Fi network %q: the password was replaced by its NT hash (password=hash:...), which is all MSCHAPv2 needs; it logs in as well as the password would, so keep the SD card private", n.SSID)
	}
	dir := path.Join(layout.EAPFiles.Path, strconv.Itoa(i))
	b.a.Dir(dir, 0o700)
	files := []struct {
		p    *string
		name string
	}{{&e.CACert, "ca.pem"}, {&e.ClientCert, "client.pem"}, {&e.PrivateKey, "key.pem"}}
	for _, f := range files {
		if *f.p == "" {
			continue
		}
		data, err := os.ReadFile(*f.p)
		if err != nil {
			return n, fmt.Errorf("Wi-Fi network %q: %w", n.SSID, err)
		}
		if f.p == &e.PrivateKey && e.PrivateKeyPasswd != "" {
			if data, err = decryptKey(&e, data); err != nil {
				return n, fmt.Errorf("Wi-Fi network %q: %s: %w", n.SSID, *f.p, err)
			}
		}
		to := path.Join(dir, f.name)
		b.a.File(to, data, 0o600, fmt.Sprintf("802.1X %s of Wi-Fi network %q", f.name, n.SSID))
		*f.p = to
	}
	n.EAP = &e
	return n, nil
}

// decryptKey opens an encrypted client key with private_key_passwd= and
// drops the pass-phrase from the image's configuration: the image then
// holds the key once, 0600, as it would hold a key that never had a
// pass-phrase, rather than the key beside the pass-phrase that opens it.
func decryptKey(e *conf.EAP, data []byte) ([]byte, error) {
	clear, err := eaptls.DecryptKey(data, e.PrivateKeyPasswd)
	if err != nil {
		return nil, err
	}
	e.PrivateKeyPasswd = ""
	return clear, nil
}
