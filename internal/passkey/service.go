package passkey

import (
	"context"
	"encoding/json"
	"fmt"
)

// Service runs the ceremonies end to end for the routes: the relying
// party, the passkeys' store and the challenges' store together. It holds
// nothing of its own; with an [AppwriteStore] made per execution, make
// the Service per execution too (it is three pointers).
type Service struct {
	RP         *RelyingParty
	Store      Store
	Challenges ChallengeStore
}

// StartRegistration lists user's passkeys, makes the registration options
// and keeps the state under a new flow ID, for the browser's flow cookie.
// Two calls: the listing, then the Put.
func (s Service) StartRegistration(ctx context.Context, user User) (options json.RawMessage, flowID string, err error) {
	existing, err := s.Store.ListByUser(ctx, user.ID)
	if err != nil {
		return nil, "", err
	}
	options, st, err := s.RP.BeginRegistration(user, existing)
	if err != nil {
		return nil, "", err
	}
	flowID, err = s.keep(ctx, st)
	if err != nil {
		return nil, "", err
	}
	return options, flowID, nil
}

// FinishRegistration takes the state of flowID (once: a second call with
// the same flow ID is ErrChallengeUnknown) while it lists user's
// passkeys, checks the response, and stores the new passkey. Two
// sequential round trips: the take beside the listing, then the create.
// name is the browser's name for the passkey (see
// [RelyingParty.FinishRegistration]).
func (s Service) FinishRegistration(ctx context.Context, user User, flowID string, response []byte, name string) (Credential, error) {
	type listed struct {
		list []Credential
		err  error
	}
	done := make(chan listed, 1)
	go func() {
		list, err := s.Store.ListByUser(ctx, user.ID)
		done <- listed{list, err}
	}()
	st, takeErr := s.take(ctx, flowID)
	l := <-done
	if takeErr != nil {
		return Credential{}, takeErr
	}
	if l.err != nil {
		return Credential{}, l.err
	}
	c, err := s.RP.FinishRegistration(st, user, l.list, response, name)
	if err != nil {
		return Credential{}, err
	}
	if err := s.Store.Create(ctx, c); err != nil {
		return Credential{}, err
	}
	return c, nil
}

// StartSignIn makes the sign-in options and keeps the state under a new
// flow ID. One call: the Put.
func (s Service) StartSignIn(ctx context.Context) (options json.RawMessage, flowID string, err error) {
	options, st, err := s.RP.BeginLogin()
	if err != nil {
		return nil, "", err
	}
	flowID, err = s.keep(ctx, st)
	if err != nil {
		return nil, "", err
	}
	return options, flowID, nil
}

// FinishSignIn takes the state of flowID (once, whatever the response) while
// it reads the passkey the response names, and checks the response: one
// round trip. It returns the user to sign in and the passkey with its new
// counter, which the caller must record with [Service.RecordSignIn],
// best beside its next call (the session), so that a sign-in costs two
// sequential round trips.
func (s Service) FinishSignIn(ctx context.Context, flowID string, response []byte) (string, Credential, error) {
	type taken struct {
		st  State
		err error
	}
	done := make(chan taken, 1)
	go func() {
		st, err := s.take(ctx, flowID)
		done <- taken{st, err}
	}()
	a, err := ParseAssertion(response)
	if err != nil {
		if t := <-done; t.err != nil {
			return "", Credential{}, t.err // no flow: that first
		}
		return "", Credential{}, err
	}
	stored, lookupErr := s.Store.GetByCredentialID(ctx, a.CredentialID())
	t := <-done
	if t.err != nil {
		return "", Credential{}, t.err
	}
	return s.RP.FinishParsedLogin(t.st, a, func([]byte) (Credential, error) { return stored, lookupErr })
}

// RecordSignIn stores what a sign-in changed of the passkey: its counter,
// backup state and last use.
func (s Service) RecordSignIn(ctx context.Context, c Credential) error {
	return s.Store.UpdateCounter(ctx, c.ID, c.SignCount, c.BackupState, c.LastUsedAt)
}

// keep puts st in the challenge store under a new flow ID.
func (s Service) keep(ctx context.Context, st State) (string, error) {
	enc, err := st.Encode()
	if err != nil {
		return "", err
	}
	id, err := NewFlowID()
	if err != nil {
		return "", err
	}
	if err := s.Challenges.Put(ctx, id, []byte(enc), ChallengeTTL); err != nil {
		return "", err
	}
	return id, nil
}

// take takes the state of a flow ID out of the challenge store.
func (s Service) take(ctx context.Context, flowID string) (State, error) {
	return TakeState(ctx, s.Challenges, flowID)
}

// TakeState takes the state kept under flowID out of store: a flow ID of
// the wrong shape, a missing or expired entry and an entry that does not
// decode are all ErrChallengeUnknown; store errors are returned as they
// are.
func TakeState(ctx context.Context, store ChallengeStore, flowID string) (State, error) {
	if !ValidFlowID(flowID) {
		return State{}, ErrChallengeUnknown
	}
	b, err := store.Take(ctx, flowID)
	if err != nil {
		return State{}, err
	}
	st, err := DecodeState(string(b))
	if err != nil {
		return State{}, fmt.Errorf("%w: %v", ErrChallengeUnknown, err)
	}
	return st, nil
}
