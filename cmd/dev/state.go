package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security/ratelimit"
)

// stateFileName is the file -data DIR keeps the state in.
const stateFileName = "dev-state.json"

// The format of the state file.
const (
	stateFormat  = "cookie-auth-dev-state"
	stateVersion = 1
)

// savedState is the state file: the emulator's snapshot (see
// appwritetest.Emulator.Snapshot), the function's rate-limit counters
// when they are in memory, and what the console needs to name them.
type savedState struct {
	Format     string              `json:"format"`
	Version    int                 `json:"version"`
	SavedAt    time.Time           `json:"savedAt"`
	Emulator   json.RawMessage     `json:"emulator,omitempty"`
	RateLimits []ratelimit.Counter `json:"rateLimits"`
	Labels     savedLabels         `json:"rateLimitLabels"`
}

// stateStore keeps the dev runtime's state in a file across restarts.
// Requests mark it dirty; it is written at most every saveEvery, and when
// the dev runtime stops.
type stateStore struct {
	path   string
	emu    *appwritetest.Emulator // nil with a real Appwrite
	memory *ratelimit.MemoryStore // nil unless the counters are in memory
	labels *keyLabels
	now    func() time.Time

	dirty atomic.Bool
	mu    sync.Mutex
	// carried is an emulator snapshot read from the file while running
	// against a real Appwrite: written back as it was, not lost.
	carried json.RawMessage
	// written is the state last written, without its time, to skip
	// writes that would change nothing.
	written []byte
}

// saveEvery is how often a changed state is written.
const saveEvery = 500 * time.Millisecond

// openState prepares the state file in dir and loads it if it exists.
func openState(dir string, emu *appwritetest.Emulator, memory *ratelimit.MemoryStore, labels *keyLabels, now func() time.Time) (*stateStore, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("-data %s: %w", dir, err)
	}
	s := &stateStore{path: filepath.Join(abs, stateFileName), emu: emu, memory: memory, labels: labels, now: now}
	data, err := os.ReadFile(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("-data: %w", err)
	}
	if err := s.load(data); err != nil {
		return nil, fmt.Errorf("-data: %s: %w (fix the file, or move it away to start afresh)", s.path, err)
	}
	s.written = stripSavedAt(data)
	return s, nil
}

// load restores the state the file holds.
func (s *stateStore) load(data []byte) error {
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	if st.Format != stateFormat || st.Version != stateVersion {
		return fmt.Errorf("not a version %d dev state file (format %q, version %d)", stateVersion, st.Format, st.Version)
	}
	if len(st.Emulator) > 0 {
		if s.emu == nil {
			s.carried = st.Emulator
		} else if err := s.emu.Restore(st.Emulator); err != nil {
			return err
		}
	}
	if s.memory != nil {
		s.memory.Restore(st.RateLimits, s.now())
	}
	s.labels.restore(st.Labels)
	return nil
}

// changed marks the state as changed since the last write.
func (s *stateStore) changed() { s.dirty.Store(true) }

// run writes the state every saveEvery while it changes, until stop is
// closed, and once more then.
func (s *stateStore) run(stop <-chan struct{}, errs func(error)) {
	ticker := time.NewTicker(saveEvery)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			if s.dirty.Swap(false) {
				if err := s.save(); err != nil {
					errs(err)
				}
			}
		case <-stop:
			if err := s.save(); err != nil {
				errs(err)
			}
			return
		}
	}
}

// save writes the state atomically: a temporary file in the same
// directory, synced, then renamed over the old one, so the file is always
// a whole state, the old or the new.
func (s *stateStore) save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := savedState{Format: stateFormat, Version: stateVersion, Emulator: s.carried, RateLimits: []ratelimit.Counter{}, Labels: s.labels.save()}
	if s.emu != nil {
		snap, err := s.emu.Snapshot()
		if err != nil {
			return err
		}
		st.Emulator = snap
	}
	if s.memory != nil {
		st.RateLimits = s.memory.Counters(s.now())
	}
	body, err := json.Marshal(st.withoutTime())
	if err != nil {
		return err
	}
	if bytes.Equal(body, s.written) {
		return nil
	}
	st.SavedAt = s.now().UTC()
	data, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return err
	}
	if err := writeAtomic(s.path, data); err != nil {
		return err
	}
	s.written = body
	return nil
}

// withoutTime is the state without SavedAt, to compare with what the
// file holds.
func (st savedState) withoutTime() savedState {
	st.SavedAt = time.Time{}
	return st
}

// stripSavedAt re-encodes a state file without its time, as save
// compares it.
func stripSavedAt(data []byte) []byte {
	var st savedState
	if json.Unmarshal(data, &st) != nil {
		return nil
	}
	out, _ := json.Marshal(st.withoutTime())
	return out
}

// writeAtomic replaces path with data: readers see the old file or the
// new one, never a part.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	// After the rename there is nothing left to remove.
	defer os.Remove(tmp.Name())
	// The state holds password hashes and the key JWTs are signed with.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
