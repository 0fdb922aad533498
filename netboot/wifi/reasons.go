package wifi

import "fmt"

// IEEE 802.11-2016 Table 9-45 reason codes airroot names.
var reasonText = map[uint16]string{
	1:  "unspecified reason",
	2:  "previous authentication no longer valid",
	3:  "the station is leaving",
	4:  "inactivity",
	5:  "the access point cannot handle all associated stations",
	6:  "class 2 frame from a non-authenticated station",
	7:  "class 3 frame from a non-associated station",
	8:  "the station is leaving the BSS",
	9:  "not authenticated",
	13: "invalid element",
	14: "MIC failure",
	15: "4-way handshake timeout",
	16: "group key handshake timeout",
	17: "element in 4-way handshake differs",
	18: "invalid group cipher",
	19: "invalid pairwise cipher",
	20: "invalid AKMP",
	23: "IEEE 802.1X authentication failed",
	24: "cipher suite rejected by policy",
}

// IEEE 802.11-2016 Table 9-46 status codes airroot names.
var statusText = map[uint16]string{
	1:  "unspecified failure",
	10: "cannot support the requested capabilities",
	12: "association denied for an unspecified reason",
	13: "authentication algorithm not supported",
	15: "authentication rejected: challenge failure",
	16: "authentication timeout",
	17: "the access point cannot handle more stations",
	18: "basic rates not supported",
	30: "rejected temporarily, try again later",
	31: "robust management frame policy violation",
	40: "invalid element",
	41: "invalid group cipher",
	42: "invalid pairwise cipher",
	43: "invalid AKMP",
	45: "cipher suite rejected by policy",
	53: "invalid PMKID",
}

// Reason describes an IEEE 802.11 reason code: "reason 15: 4-way
// handshake timeout".
func Reason(code uint16) string { return describeCode("reason", code, reasonText) }

// Status describes an IEEE 802.11 status code: "status 17: the access
// point cannot handle more stations".
func Status(code uint16) string { return describeCode("status", code, statusText) }

func describeCode(kind string, code uint16, text map[uint16]string) string {
	if t, ok := text[code]; ok {
		return fmt.Sprintf("%s %d: %s", kind, code, t)
	}
	return fmt.Sprintf("%s %d", kind, code)
}
