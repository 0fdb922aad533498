// Package nl80211test is an in-process stand-in for the kernel's nl80211
// family, at the generic netlink message level, for tests of code that
// uses package nl80211: interfaces, wiphys, scans, CMD_CONNECT, keys,
// the control port and MLME events. It runs only on Linux, as genltest.
package nl80211test
