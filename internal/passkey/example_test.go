package passkey_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"openruntimes/handler/internal/passkey"
)

// Example shows what the routes do with the package: the relying party
// made once from the function's configuration, then, per request, a
// Service over the stores, the options for the browser and a flow ID for
// its cookie.
func Example() {
	// At start: refused when the RP ID cannot serve every origin.
	_, err := passkey.New(passkey.Config{
		PublicURL:      "https://auth.example.com",
		AllowedOrigins: []string{"https://app.example.com"},
	})
	fmt.Println(err)

	rp, err := passkey.New(passkey.Config{
		PublicURL:      "https://auth.example.com",
		AllowedOrigins: []string{"https://app.example.com"},
		RPID:           "example.com",
	})
	if err != nil {
		panic(err)
	}

	// Per request (with an AppwriteStore and the limiter's shared store
	// in production).
	svc := passkey.Service{RP: rp, Store: passkey.NewMemoryStore(), Challenges: passkey.NewMemoryChallengeStore(0, nil)}
	ctx := context.Background()

	// POST /passkeys/sign-in/options: the options go to the browser, the
	// flow ID into a short-lived cookie.
	options, flowID, err := svc.StartSignIn(ctx)
	if err != nil {
		panic(err)
	}
	var o struct {
		PublicKey struct {
			RPID             string `json:"rpId"`
			UserVerification string `json:"userVerification"`
			Timeout          int    `json:"timeout"`
		} `json:"publicKey"`
	}
	_ = json.Unmarshal(options, &o)
	fmt.Println(o.PublicKey.RPID, o.PublicKey.UserVerification, o.PublicKey.Timeout, passkey.ValidFlowID(flowID))

	// POST /passkeys/sign-in: the flow cookie and the browser's response.
	// A response that is no assertion is refused, and uses the flow up.
	_, _, err = svc.FinishSignIn(ctx, flowID, []byte(`{}`))
	fmt.Println(errors.Is(err, passkey.ErrInvalidResponse))
	_, _, err = svc.FinishSignIn(ctx, flowID, []byte(`{}`))
	fmt.Println(errors.Is(err, passkey.ErrChallengeUnknown))

	// Output:
	// passkey: relying party ID "auth.example.com" is not a registrable suffix of the host of origin https://app.example.com: browsers refuse passkeys there; set the RP ID to a parent domain every origin shares, such as example.com
	// example.com required 300000 true
	// true
	// true
}
