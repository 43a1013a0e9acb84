package main

import "hash/crc32"

// message is the fixed text whose checksum the report prints.
const message = "Buildlab compares container builds."

// sumTo returns 1 + 2 + ... + n.
func sumTo(n int) int {
	total := 0
	for i := 1; i <= n; i++ {
		total += i
	}
	return total
}

// checksum returns the IEEE CRC-32 of data.
func checksum(data []byte) uint32 {
	return crc32.ChecksumIEEE(data)
}
