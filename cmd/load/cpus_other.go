//go:build !linux

package main

import (
	"errors"
	"os/exec"
)

var errNoAffinity = errors.New("CPU placement needs Linux")

func allowedCPUs() ([]int, error) { return nil, errNoAffinity }

func pinSelf([]int) error { return errNoAffinity }

func startOn(cmd *exec.Cmd, _, _ []int) error { return cmd.Start() }
