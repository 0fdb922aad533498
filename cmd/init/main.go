// Command init is airroot's PID 1, run by the kernel from the initramfs.
package main

import boot "github.com/airroot/airroot/init"

func main() {
	boot.Run()
}
