package main

import "testing"

func TestSumTo(t *testing.T) {
	if got := sumTo(100); got != 5050 {
		t.Fatalf("sumTo(100) = %d, want 5050", got)
	}
}
