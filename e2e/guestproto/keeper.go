package guestproto

// Soak asks the guest to put airroot's keeper to work once it runs as the new root's
// init: file I/O on the NFS root for IOSeconds, the access point deauthenticating the
// station at given moments, then an idle window in which the keeper's CPU is measured.
type Soak struct {
	// IOSeconds is how long the guest writes, reads back and verifies files on the NFS
	// root; 0: no I/O.
	IOSeconds float64 `json:"io_seconds"`
	// DeauthAt lists seconds into the I/O loop at which the guest makes the access
	// point deauthenticate StationInterface's address.
	DeauthAt []float64 `json:"deauth_at,omitempty"`
	// StationInterface is airroot's wireless interface (wlan0).
	StationInterface string `json:"station_interface,omitempty"`
	// IdleSeconds is a window after the I/O in which the guest does nothing but measure
	// the keeper's CPU time; 0: none.
	IdleSeconds float64 `json:"idle_seconds,omitempty"`
	// RSSAfterSeconds is how long after the guest started the keeper's VmRSS is read.
	RSSAfterSeconds float64 `json:"rss_after_seconds"`
}

// Keeper is what the guest measured of airroot's keeper during a soak.
type Keeper struct {
	PID int `json:"pid"`
	// Argv0 is the first word of /proc/PID/cmdline.
	Argv0 string `json:"argv0"`
	// VmRSSKiB is /proc/PID/status's VmRSS, read RSSAtSeconds after the guest started.
	VmRSSKiB     int64   `json:"vm_rss_kib"`
	RSSAtSeconds float64 `json:"rss_at_seconds"`
	// CPUSeconds is the keeper's utime+stime over the window of WindowSeconds: the idle
	// window when the soak has one, else the I/O loop.
	CPUSeconds    float64 `json:"cpu_seconds"`
	WindowSeconds float64 `json:"cpu_window_seconds"`
	IdleWindow    bool    `json:"cpu_window_idle"`
	// GroupRekeys and PairwiseRekeys count the keeper's rekey lines in the kernel log.
	GroupRekeys    int `json:"group_rekeys"`
	PairwiseRekeys int `json:"pairwise_rekeys"`
	// LinkLost counts the keeper's "link lost" lines.
	LinkLost int `json:"link_lost"`
	// Reconnects has one entry per deauthentication the guest asked for.
	Reconnects []Reconnect `json:"reconnects,omitempty"`
	// Renewals counts the keeper's "dhcp: renewed" lines; Addresses are the distinct
	// addresses its DHCP lines named, in order.
	Renewals  int      `json:"renewals"`
	Addresses []string `json:"addresses,omitempty"`
	IO        IO       `json:"io"`
}

// Reconnect is one deauthentication and how the keeper came back from it.
type Reconnect struct {
	// DeauthAt is the kernel-log time (seconds since boot) of the guest's mark just
	// before it asked the access point to deauthenticate the station.
	DeauthAt float64 `json:"deauth_at"`
	// Error is why the access point could not be asked; "" when it was.
	Error string `json:"error,omitempty"`
	// ReconnectedSeconds is from DeauthAt to the keeper's "reconnected" line; nil
	// when there was none.
	ReconnectedSeconds *float64 `json:"reconnected_seconds,omitempty"`
	// KeeperSays is the keeper's own "reconnected after" figure, as it logged it.
	KeeperSays string `json:"keeper_says,omitempty"`
	// IOResumedSeconds is from the deauthentication to the next file I/O completing.
	IOResumedSeconds *float64 `json:"io_resumed_seconds,omitempty"`
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
