//go:build tools

// Package tools pins the Kaniko executor as a dependency so that
// `go build github.com/chainguard-dev/kaniko/cmd/executor` in this folder
// builds the exact version that go.mod requires.
package tools

import _ "github.com/chainguard-dev/kaniko/cmd/executor"
