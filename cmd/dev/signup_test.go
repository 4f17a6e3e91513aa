package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// devSignUp signs email up through the dev runtime p as an app would:
// POST /signup with post, then POST /signup/verify with the code the
// emulator's outbox holds for the address. It returns the status of the
// step that ended it.
func devSignUp(t *testing.T, p *devProcess, post func(path, body string) int, email, password string) int {
	t.Helper()
	if st := post("/signup", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)); st != http.StatusAccepted {
		return st
	}
	resp, err := http.Get(p.lines["outbox"])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var outbox []struct {
		To, Kind, Code string
		UserID         string `json:"userId"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&outbox); err != nil {
		t.Fatalf("outbox: %v", err)
	}
	for i := len(outbox) - 1; i >= 0; i-- {
		if m := outbox[i]; m.To == email && m.Kind == "email-otp" {
			return post("/signup/verify", fmt.Sprintf(`{"userId":%q,"code":%q,"password":%q}`, m.UserID, m.Code, password))
		}
	}
	t.Fatalf("no sign-up code for %s in the outbox: %+v", email, outbox)
	return 0
}
