package server

import (
	"net/http"
	"testing"

	"openruntimes/handler/appwritetest"
)

// TestEmailPolicies: on a 1.9 project with Appwrite's e-mail policies on,
// every route that takes a new address answers Appwrite's 400 with its
// type and the function's own message for the app's users, and sends no
// mail and makes no account.
func TestEmailPolicies(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil, appwritetest.WithEmailPolicy(appwritetest.EmailPolicy{DenyDisposable: true, DenyFree: true}))
	tests := []struct {
		route, body, typ, message string
	}{
		{"/signup", `{"email":"ada@mailinator.com","password":"correct horse battery"}`, "user_email_disposable",
			"Use a permanent e-mail address: this one is from a disposable-mail service."},
		{"/otp", `{"email":"ada@mailinator.com"}`, "user_email_disposable",
			"Use a permanent e-mail address: this one is from a disposable-mail service."},
		{"/magic-url", `{"email":"ada@gmail.com","redirect":"` + appOrigin + `/in"}`, "user_email_free",
			"Use a work e-mail address: addresses from free mail services are not accepted."},
		{"/signup", `{"email":"ada@gmail.com","password":"correct horse battery"}`, "user_email_free",
			"Use a work e-mail address: addresses from free mail services are not accepted."},
	}
	for _, tc := range tests {
		r := env.browser().do("POST", tc.route, tc.body)
		if e := r.wantError(t, http.StatusBadRequest, tc.typ); e.Message != tc.message {
			t.Errorf("POST %s: message %q, want %q", tc.route, e.Message, tc.message)
		}
	}
	if n, m := len(env.emu.Users()), len(env.emu.Outbox()); n != 0 || m != 0 {
		t.Errorf("%d users and %d e-mails after refused addresses, want none", n, m)
	}
	if r := env.browser().do("POST", "/otp", `{"email":"ada@acme.test"}`); r.Status/100 != 2 {
		t.Errorf("a corporate address: %d %s", r.Status, r.Body)
	}
}
