package nl80211

import (
	"fmt"

	"github.com/mdlayher/netlink"
)

// Regulatory returns the global regulatory domain's ISO 3166-1 alpha-2
// code ("00" is the world domain) (NL80211_CMD_GET_REG).
func (c *Client) Regulatory() (string, error) {
	msgs, err := c.execute(cmdGetReg, 0, nil)
	if err != nil {
		return "", fmt.Errorf("nl80211: get regulatory domain: %w", err)
	}
	for _, m := range msgs {
		ad, err := netlink.NewAttributeDecoder(m.Data)
		if err != nil {
			continue
		}
		for ad.Next() {
			if ad.Type() == attrRegAlpha2 {
				return ad.String(), nil
			}
		}
	}
	return "", fmt.Errorf("nl80211: get regulatory domain: no country code in the reply: %w", ErrMalformed)
}

// SetRegulatory asks the kernel to use the regulatory domain of country,
// an ISO 3166-1 alpha-2 code such as "DE" (NL80211_CMD_REQ_SET_REG). The
// change happens later and is announced by a RegChangeEvent.
func (c *Client) SetRegulatory(country string) error {
	if len(country) != 2 {
		return fmt.Errorf("nl80211: set regulatory domain %q: want a two-letter country code", country)
	}
	err := c.ack(cmdReqSetReg, func(ae *netlink.AttributeEncoder) {
		ae.String(attrRegAlpha2, country)
	})
	if err != nil {
		return fmt.Errorf("nl80211: set regulatory domain %s: %w", country, err)
	}
	return nil
}
