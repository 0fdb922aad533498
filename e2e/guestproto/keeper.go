package guestproto

// SoakBeginMark is the guest's kernel-log line as its soak's I/O begins; it reaches
// the console, where the harness times what it does to the NFS server from it.
const SoakBeginMark = "e2e-guest: soak begins"

// Soak asks the guest to put airroot's keeper to work once it runs as the new root's
// init: file I/O on the NFS root for IOSeconds, the access point deauthenticating the
// station at given moments, then an idle window in which the keeper's CPU is measured.
type Soak struct {
	// IOSeconds is how long the guest writes, reads back and verifies files on the NFS
	// root; 0: no I/O.
	IOSeconds float64 `json:"io_seconds"`
	// IOEverySeconds, when set, paces the I/O: one file written and read back every
	// so many seconds rather than back to back.
	IOEverySeconds float64 `json:"io_every_seconds,omitempty"`
	// DeauthAt lists seconds into the I/O loop at which the guest makes the access
	// point deauthenticate StationInterface's address.
	DeauthAt []float64 `json:"deauth_at,omitempty"`
	// DeauthSilently makes each of DeauthAt silent: the access point forgets the
	// station without sending it anything (hostapd's DEAUTHENTICATE ADDR tx=0), as an
	// access point that restarted has; it answers the station's next frames with an
	// unprotected deauthentication.
	DeauthSilently bool `json:"deauth_silently,omitempty"`
	// APRestartAt lists seconds into the I/O loop at which the guest asks the
	// fixture's child, through the FIFO APRestartControl, to kill the access point's
	// hostapd and start a new one (FixtureRestart).
	APRestartAt      []float64 `json:"ap_restart_at,omitempty"`
	APRestartControl string    `json:"ap_restart_control,omitempty"`
	// SwitchOffAt lists seconds into the I/O loop at which the guest switches off
	// the access point the station is on (SIGKILL to the hostapd of the one of
	// SwitchOffControls that lists StationInterface's address, its PID read from
	// hostapdctl.PIDFile): the station must roam to the other.
	SwitchOffAt       []float64 `json:"switch_off_at,omitempty"`
	SwitchOffControls []string  `json:"switch_off_controls,omitempty"`
	// WorkerCrashAt lists seconds into the I/O loop at which the guest sends the
	// keeper's worker SIGUSR2, which panics it when the kernel command line armed
	// the keeper's panic test.
	WorkerCrashAt []float64 `json:"worker_crash_at,omitempty"`
	// StationInterface is airroot's wireless interface (wlan0).
	StationInterface string `json:"station_interface,omitempty"`
	// Attacks lists frames the guest injects from the attacker's radio Monitor, a
	// monitor interface in the access point's namespace, during the I/O; it captures
	// what the station sends from the first injection to the end of the I/O.
	Attacks []Attack `json:"attacks,omitempty"`
	Monitor string   `json:"monitor,omitempty"`
	// IdleSeconds is a window after the I/O in which the guest does nothing but measure
	// the keeper's CPU time; 0: none.
	IdleSeconds float64 `json:"idle_seconds,omitempty"`
	// RSSAfterSeconds is how long after the guest started the keeper's VmRSS is read.
	RSSAfterSeconds float64 `json:"rss_after_seconds"`
	// SampleEverySeconds, when positive, has the guest read the keeper's VmRSS and
	// CPU time at the start of the I/O, every so many seconds during it, and at its
	// end (Keeper.Samples): the figures of a long soak at its start and its end.
	SampleEverySeconds float64 `json:"sample_every_seconds,omitempty"`
}

// Sample is the keeper's memory and CPU time at one moment of a soak's I/O.
type Sample struct {
	// AtSeconds is from the start of the I/O.
	AtSeconds float64 `json:"at_seconds"`
	VmRSSKiB  int64   `json:"vm_rss_kib"`
	// CPUSeconds is the keeper's utime+stime since the start of the I/O.
	CPUSeconds float64 `json:"cpu_seconds"`
}

// Keeper is what the guest measured of airroot's keeper during a soak.
type Keeper struct {
	PID int `json:"pid"`
	// Argv0 is the first word of /proc/PID/cmdline.
	Argv0 string `json:"argv0"`
	// VmRSSKiB is /proc/PID/status's VmRSS, read RSSAtSeconds after the guest started.
	VmRSSKiB     int64   `json:"vm_rss_kib"`
	RSSAtSeconds float64 `json:"rss_at_seconds"`
	// CPUSeconds is the keeper's CPU time (both processes, their threads' scheduler
	// time to the millisecond) over the window of WindowSeconds: the idle window when
	// the soak has one, else the I/O loop.
	CPUSeconds    float64 `json:"cpu_seconds"`
	WindowSeconds float64 `json:"cpu_window_seconds"`
	IdleWindow    bool    `json:"cpu_window_idle"`
	// GroupRekeys and PairwiseRekeys count the keeper's rekey lines in the kernel log.
	GroupRekeys    int `json:"group_rekeys"`
	PairwiseRekeys int `json:"pairwise_rekeys"`
	// LinkLost counts the keeper's "link lost" lines.
	LinkLost int `json:"link_lost"`
	// Reconnects has one entry per deauthentication or access point restart the
	// guest asked for, in that order.
	Reconnects []Reconnect `json:"reconnects,omitempty"`
	// SAQueriesAnswered counts the keeper's lines saying the access point answered
	// its SA Query: a deauthentication it was told of was forged.
	SAQueriesAnswered int `json:"sa_queries_answered"`
	// APRestarts has one entry per Soak.APRestartAt; WorkerCrashes one per
	// Soak.WorkerCrashAt.
	APRestarts    []Replaced `json:"ap_restarts,omitempty"`
	WorkerCrashes []Replaced `json:"worker_crashes,omitempty"`
	// SwitchedOff has the control socket of the access point switched off at each
	// of Soak.SwitchOffAt, "" when none could be.
	SwitchedOff []string `json:"switched_off,omitempty"`
	// Attacks has one entry per Soak.Attacks.
	Attacks []AttackResult `json:"attacks,omitempty"`
	// Renewals counts the keeper's "dhcp: renewed" lines; Addresses are the distinct
	// addresses its DHCP lines named, in order.
	Renewals  int      `json:"renewals"`
	Addresses []string `json:"addresses,omitempty"`
	IO        IO       `json:"io"`
	// Samples are the keeper's memory and CPU time through the I/O, when
	// Soak.SampleEverySeconds asked for them.
	Samples []Sample `json:"samples,omitempty"`
	// DHCPOutages has one entry per spell of trouble with the lease during the I/O.
	DHCPOutages []DHCPOutage `json:"dhcp_outages,omitempty"`
}

// Attack is one frame injected At seconds into the I/O loop, from the access point's
// address to the station's.
type Attack struct {
	At    float64     `json:"at"`
	Frame AttackFrame `json:"frame"`
}

// AttackFrame is what an Attack injects.
type AttackFrame string

const (
	// FrameEAPOLMessage1 is an unencrypted 4-way handshake message 1 with a random
	// ANonce and a replay counter above any the access point has used.
	FrameEAPOLMessage1 AttackFrame = "eapol-message-1"
	// FrameDeauth is an unprotected deauthentication.
	FrameDeauth AttackFrame = "deauth"
)

// AttackResult is what the capture saw of the station after one attack.
type AttackResult struct {
	Attack
	// Error is why the frame could not be injected or the capture not be taken.
	Error string `json:"error,omitempty"`
	// StationFrames counts the frames from the station's address captured after the
	// injection, to the end of the I/O: the capture's proof that it heard the station.
	StationFrames int `json:"station_frames"`
	// ClearEAPOL counts the unprotected EAPOL frames among them; FirstClearEAPOL
	// describes the first ("EAPOL-Key message 2, replay counter 9").
	ClearEAPOL      int    `json:"clear_eapol"`
	FirstClearEAPOL string `json:"first_clear_eapol,omitempty"`
}

// Reconnect is one deauthentication (or access point restart) and how the keeper
// came back from it.
type Reconnect struct {
	// DeauthAt is the kernel-log time (seconds since boot) of the guest's mark just
	// before it asked the access point to deauthenticate the station, or the fixture
	// to restart it.
	DeauthAt float64 `json:"deauth_at"`
	// Error is why the access point could not be asked; "" when it was.
	Error string `json:"error,omitempty"`
	// ReconnectedSeconds is from DeauthAt to the keeper's "reconnected" line; nil
	// when there was none.
	ReconnectedSeconds *float64 `json:"reconnected_seconds,omitempty"`
	// KeeperSays is the keeper's own "reconnected after" figure, as it logged it.
	KeeperSays string `json:"keeper_says,omitempty"`
	// IOResumedSeconds is from the deauthentication to the end of the first file I/O
	// that started after it and ended once the keeper had reconnected (one that ended
	// before the link was even noticed lost resumed nothing).
	IOResumedSeconds *float64 `json:"io_resumed_seconds,omitempty"`
}

// Replaced is a process the guest had killed (the access point's hostapd, the
// keeper's worker) and the one that took its place.
type Replaced struct {
	// At is the kernel-log time (seconds since boot) of the guest's mark just before
	// it asked for the kill.
	At float64 `json:"at"`
	// PIDBefore is the process's PID then; PIDAfter is the new process's, 0 when none
	// came.
	PIDBefore int `json:"pid_before"`
	PIDAfter  int `json:"pid_after"`
	// BackSeconds is from the request to the new process's start (its start time in
	// /proc, against /proc/uptime when the guest asked).
	BackSeconds float64 `json:"back_seconds"`
	Error       string  `json:"error,omitempty"`
}

// IO is what the file I/O loop did.
type IO struct {
	Seconds float64 `json:"seconds"`
	Files   int     `json:"files"`
	Bytes   int64   `json:"bytes"`
	// Verified counts the files whose content read back from the server matched at the
	// end, after the loop.
	Verified int `json:"verified"`
	Errors   int `json:"errors"`
	// FirstError is the first failure's text.
	FirstError string `json:"first_error,omitempty"`
	// LongestStallSeconds is the longest time one write-and-read-back took.
	LongestStallSeconds float64 `json:"longest_stall_seconds"`
}

// DHCPOutage is a spell of trouble with the keeper's lease (a NAK, renewals
// unanswered, another address offered), from the keeper's first line about it to
// the next lease it took. The address stays on the interface throughout: the NFS
// I/O goes on, which IO shows.
type DHCPOutage struct {
	// At is the kernel-log time (seconds since boot) of the keeper's first line
	// about the trouble; Trouble is that line.
	At      float64 `json:"at"`
	Trouble string  `json:"trouble"`
	// RecoveredSeconds is from At to the keeper's next "renewed", "rebound" or
	// "got" line, Recovery; nil when none came during the I/O.
	RecoveredSeconds *float64 `json:"recovered_seconds,omitempty"`
	Recovery         string   `json:"recovery,omitempty"`
}
