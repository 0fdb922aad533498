package wifi

import (
	"bytes"
	"net"
	"slices"
	"time"
)

// The SA Query procedure (IEEE 802.11-2020 11.13). With management frame
// protection the kernel drops an unprotected deauthentication or
// disassociation, since anyone in range can forge one. But an access point
// that restarted has forgotten our keys and can only send unprotected ones:
// a station that ignored them would sit "associated" with nobody. So on an
// unprotected one that says the access point does not know us, the station
// asks, protected with the pairwise key: an SA Query Request with a fresh
// transaction identifier, again with a new one whenever the retry timer
// expires. A protected SA Query Response with one of those identifiers
// proves the access point still holds the association (the deauthentication
// was forged); none before the maximum timeout means it is gone.
//
// The access point may query us too: mac80211 answers SA Query Requests
// itself (ieee80211_process_sa_query_req), so airroot only asks.

// Defaults of the MIB's timers, in milliseconds as wpa_supplicant counts
// them (the MIB's unit is the TU, 1.024 ms).
const (
	// saQueryRetryTimeout is dot11AssociationSAQueryRetryTimeout.
	saQueryRetryTimeout = 201 * time.Millisecond
	// saQueryMaxTimeout is dot11AssociationSAQueryMaximumTimeout.
	saQueryMaxTimeout = 1000 * time.Millisecond
	// saQueryMinGap spaces procedures, as wpa_supplicant does: a stream of
	// forged deauthentications costs at most one procedure per gap.
	saQueryMinGap = 10 * time.Second
)

// SA Query action frames (802.11-2020 9.6.9): category 8, then the action.
const (
	categorySAQuery   = 8
	saQueryRequest    = 0
	saQueryResponse   = 1
	saQueryFrameLen   = mgmtHeaderLen + 4 // category, action, 2-byte transaction ID
	mgmtHeaderLen     = 24
	frameCtlAction    = 0xd0 // management type, action subtype
	reasonClass2Frame = 6    // class 2 frame received from a nonauthenticated STA
	reasonClass3Frame = 7    // class 3 frame received from a nonassociated STA
)

// saStep is what the procedure wants done now.
type saStep int

const (
	saWait   saStep = iota // nothing until wake
	saSend                 // send a request with a new transaction ID
	saGiveUp               // no answer in time: the access point has forgotten us
)

// saQuery is the station's side of the procedure: pure state, driven with
// the clock by its owner.
type saQuery struct {
	retry, max, minGap time.Duration

	started   time.Time // of the running procedure; zero when idle
	lastStart time.Time
	nextSend  time.Time
	ids       [][2]byte // of the requests sent by the running procedure
}

func newSAQuery() *saQuery {
	return &saQuery{retry: saQueryRetryTimeout, max: saQueryMaxTimeout, minGap: saQueryMinGap}
}

func (q *saQuery) running() bool { return !q.started.IsZero() }

// start begins a procedure at now. It refuses (false) while one runs or
// sooner than minGap after the last one began.
func (q *saQuery) start(now time.Time) bool {
	if q.running() || (!q.lastStart.IsZero() && now.Sub(q.lastStart) < q.minGap) {
		return false
	}
	q.started, q.lastStart, q.nextSend, q.ids = now, now, now, nil
	return true
}

// due says what to do at now; saGiveUp ends the procedure.
func (q *saQuery) due(now time.Time) saStep {
	switch {
	case !q.running():
		return saWait
	case now.Sub(q.started) >= q.max:
		q.started, q.ids = time.Time{}, nil
		return saGiveUp
	case !now.Before(q.nextSend):
		return saSend
	}
	return saWait
}

// sent records a request with transaction ID id, sent at now: the retry
// timer starts.
func (q *saQuery) sent(now time.Time, id [2]byte) {
	q.ids = append(q.ids, id)
	q.nextSend = now.Add(q.retry)
}

// wake is when due next has something to do; zero when idle.
func (q *saQuery) wake() time.Time {
	if !q.running() {
		return time.Time{}
	}
	if end := q.started.Add(q.max); end.Before(q.nextSend) {
		return end
	}
	return q.nextSend
}

// answered ends the running procedure if id is one of its requests'.
func (q *saQuery) answered(id [2]byte) bool {
	if !q.running() || !slices.Contains(q.ids, id) {
		return false
	}
	q.started, q.ids = time.Time{}, nil
	return true
}

// saQueryFrame builds an SA Query action frame from sta to the access point
// bssid (802.11-2020 9.6.9.2 and 9.6.9.3).
func saQueryFrame(bssid, sta net.HardwareAddr, action byte, id [2]byte) []byte {
	f := make([]byte, saQueryFrameLen)
	f[0] = frameCtlAction
	copy(f[4:10], bssid)
	copy(f[10:16], sta)
	copy(f[16:22], bssid)
	f[24], f[25] = categorySAQuery, action
	copy(f[26:], id[:])
	return f
}

// parseSAQueryResponse returns the transaction ID of an SA Query Response
// from the access point bssid to sta; ok is false for any other frame.
func parseSAQueryResponse(f []byte, bssid, sta net.HardwareAddr) (id [2]byte, ok bool) {
	if len(f) < saQueryFrameLen || f[0]&0xfc != frameCtlAction ||
		!bytes.Equal(f[4:10], sta) || !bytes.Equal(f[10:16], bssid) || !bytes.Equal(f[16:22], bssid) ||
		f[24] != categorySAQuery || f[25] != saQueryResponse {
		return id, false
	}
	copy(id[:], f[26:28])
	return id, true
}
