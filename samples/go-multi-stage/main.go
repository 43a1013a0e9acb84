// Command report prints the Go version it was built with, its platform, and the sum and checksum
// of fixed values, so that the output of two builds of the same source can be compared.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("Buildlab go-multi-stage sample")
	fmt.Printf("built with: %s\n", runtime.Version())
	fmt.Printf("platform: %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Printf("sum of 1..100: %d\n", sumTo(100))
	fmt.Printf("checksum: %08x\n", checksum([]byte(message)))
}
