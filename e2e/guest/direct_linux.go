package main

import "golang.org/x/sys/unix"

// directRead makes reads bypass the page cache: on NFS they then go to the server.
const directRead = unix.O_DIRECT
