package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"
)

// cpuMask is a Linux CPU affinity mask for up to 1024 CPUs.
type cpuMask [16]uint64

func maskOf(cpus []int) cpuMask {
	var m cpuMask
	for _, c := range cpus {
		m[c/64] |= 1 << (c % 64)
	}
	return m
}

func (m *cpuMask) cpus() []int {
	var cpus []int
	for c := 0; c < len(m)*64; c++ {
		if m[c/64]&(1<<(c%64)) != 0 {
			cpus = append(cpus, c)
		}
	}
	return cpus
}

// allowedCPUs returns the CPUs the calling thread may run on: before any
// placement, those of the whole process.
func allowedCPUs() ([]int, error) {
	var m cpuMask
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m))); errno != 0 {
		return nil, errno
	}
	return m.cpus(), nil
}

// setThreadCPUs restricts the thread tid (0: the calling one) to cpus.
func setThreadCPUs(tid int, cpus []int) error {
	m := maskOf(cpus)
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, uintptr(tid), unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m))); errno != 0 {
		return fmt.Errorf("sched_setaffinity(%d): %w", tid, errno)
	}
	return nil
}

// pinSelf restricts every thread of this process to cpus; threads started
// later inherit the mask of the thread that starts them.
func pinSelf(cpus []int) error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := setThreadCPUs(tid, cpus); err != nil && !errors.Is(err, syscall.ESRCH) { // ESRCH: the thread has ended
			return err
		}
	}
	return nil
}

// startOn starts cmd on cpus: the child inherits the affinity of the
// thread that forks it, so this thread takes cpus for the fork and gets
// back restore after it. The child's runtime then sees only cpus (Go sets
// GOMAXPROCS from them) from its first instruction on.
func startOn(cmd *exec.Cmd, cpus, restore []int) error {
	if len(cpus) == 0 {
		return cmd.Start()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := setThreadCPUs(0, cpus); err != nil {
		return err
	}
	startErr := cmd.Start()
	if err := setThreadCPUs(0, restore); err != nil && startErr == nil {
		return err
	}
	return startErr
}
