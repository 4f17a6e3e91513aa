package passkey

import "errors"

// The errors of the ceremonies and the stores. Each is returned wrapped
// (test with errors.Is) with a short, fixed explanation; none carries
// anything the browser sent, so an error's text is safe to log.
//
// Every ceremony error is the browser's or the user's doing and answers
// 400 or 401; only a store's own failure (an Appwrite error, a timeout)
// is the server's.
var (
	// ErrInvalidResponse: the browser's response is malformed, or fails a
	// check of the WebAuthn library (a bad signature, an unsupported
	// algorithm, an attestation that does not verify).
	ErrInvalidResponse = errors.New("passkey: invalid response")
	// ErrWrongOrigin: the response was made on a page of an origin the
	// relying party does not allow (a phishing page, or a misconfigured
	// frontend).
	ErrWrongOrigin = errors.New("passkey: origin not allowed")
	// ErrWrongRPID: the authenticator signed for another relying party ID.
	ErrWrongRPID = errors.New("passkey: wrong relying party ID")
	// ErrChallengeMismatch: the response answers another challenge than
	// the state's.
	ErrChallengeMismatch = errors.New("passkey: challenge does not match")
	// ErrChallengeExpired: the state is older than ChallengeTTL.
	ErrChallengeExpired = errors.New("passkey: challenge expired")
	// ErrChallengeUnknown: the ChallengeStore has no state under the flow
	// ID: it was used already (a replay), it expired, or it never existed.
	ErrChallengeUnknown = errors.New("passkey: no such challenge (used, expired or never issued)")
	// ErrWrongCeremony: a registration state (or response) was used to
	// sign in, or a sign-in one to register.
	ErrWrongCeremony = errors.New("passkey: state or response of the other ceremony")
	// ErrWrongUser: a registration state issued to one user was finished
	// by another.
	ErrWrongUser = errors.New("passkey: registration state of another user")
	// ErrUserVerification: the authenticator did not verify the user (no
	// PIN, fingerprint or face): a passkey must.
	ErrUserVerification = errors.New("passkey: user verification missing")
	// ErrUnknownCredential: the credential is not registered (deleted, or
	// never registered here).
	ErrUnknownCredential = errors.New("passkey: unknown credential")
	// ErrCredentialUser: the assertion's user handle names another user
	// than the one the credential is registered to.
	ErrCredentialUser = errors.New("passkey: credential belongs to another user")
	// ErrClonedAuthenticator: the signature counter did not move forward:
	// two copies of the private key may exist. Refused, and worth a log
	// line of its own.
	ErrClonedAuthenticator = errors.New("passkey: signature counter went backwards (cloned authenticator?)")
	// ErrTooManyPasskeys: the account holds MaxPasskeys already.
	ErrTooManyPasskeys = errors.New("passkey: the account has the most passkeys allowed")
	// ErrCredentialExists: the credential is registered already (to this
	// account or another).
	ErrCredentialExists = errors.New("passkey: credential already registered")
	// ErrNotFound: a Store has no such passkey (for this user).
	ErrNotFound = errors.New("passkey: passkey not found")
	// ErrChallengeStoreFull: a MemoryChallengeStore holds its most states.
	ErrChallengeStoreFull = errors.New("passkey: too many ceremonies in progress")
)
