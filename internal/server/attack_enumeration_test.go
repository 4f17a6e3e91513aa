package server

// Enumeration: learning which addresses and user IDs have accounts, and
// whose they are, from answers that should look the same either way.

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// maskShape is the shape of a masked address on a confirmation page.
var maskShape = regexp.MustCompile(`^[^*@]\*\*\*@[a-z0-9-]+(\.[a-z0-9-]+)+$`)

// pageAccount returns the masked account a confirmation page names, or
// fails.
func pageAccount(t *testing.T, page *result) string {
	t.Helper()
	if page.Status != http.StatusOK {
		t.Fatalf("confirmation page: %d %s", page.Status, page.Headers["location"])
	}
	_, rest, ok := strings.Cut(string(page.Body), `<strong id="account">`)
	account, _, ok2 := strings.Cut(rest, "</strong>")
	if !ok || !ok2 {
		t.Fatalf("the page names no account: %s", page.Body)
	}
	return account
}

// withUserID returns link with its userId (and a made-up secret) replaced.
func withUserID(link *url.URL, userID string) string {
	q := link.Query()
	q.Set("userId", userID)
	q.Set("secret", strings.Repeat("ab", 32))
	return link.Path + "?" + q.Encode()
}

// TestConfirmationPageViewsCountOnTheAddressBudget: from one address the
// attacker opens the magic link's confirmation page with one made-up or
// learned user ID after another, each view reading the account it names
// and showing its masked address. Every view counts on the address's
// budget (RATE_LIMIT_PER_IP, here 5); past it the page is not shown and
// Appwrite is not asked. The victim, at another address, still gets the
// page of their own link. Defence: openMagicURL counts each view with
// attempt(budgetConfirmPage).
func TestConfirmationPageViewsCountOnTheAddressBudget(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, map[string]string{"RATE_LIMIT_PER_IP": "5"})
	requester := at(env.browser(), "198.51.100.70")
	link := magicLink(t, requester, "page-victim@example.com")

	attacker := at(env.browser(), "203.0.113.70")
	for i := range 5 {
		page := attacker.do("GET", withUserID(link, "harvest"+strconv.Itoa(i)), "")
		if page.Status != http.StatusOK {
			t.Fatalf("view %d: %d, want the page (the budget holds 5)", i+1, page.Status)
		}
	}
	before := up.count()
	refused := attacker.do("GET", withUserID(link, "harvest5"), "")
	if refused.Status == http.StatusOK {
		t.Fatalf("view 6 from one address showed the page %s, want it refused", pageAccount(t, refused))
	}
	if to := refused.location(t, http.StatusSeeOther); to.Query().Get("error") != "rate_limit_exceeded" {
		t.Errorf("view 6 went to %s, want the failure URL with ?error=rate_limit_exceeded", to)
	}
	wantNoUpstream(t, up, before, "the refused view")

	other := at(env.browser(), "198.51.100.71")
	if account := pageAccount(t, other.do("GET", pathAndQuery(link), "")); account != "p***@example.com" {
		t.Errorf("the victim's own link from another address names %q", account)
	}
}

// TestConfirmationPageMaskHidesUnknownIDs: the attacker learns a user ID
// (POST /otp answers one for any address) and opens the confirmation page
// with it, and with made-up IDs. A page that named a made-up ID's account
// ***@*** told the attacker which IDs have accounts. Now every page names
// a masked address of one shape, the same on each view. Defence:
// accountHint falls back to decoys.mask.
func TestConfirmationPageMaskHidesUnknownIDs(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	victim := at(env.browser(), "198.51.100.72")
	victim.signUp("masked@example.com", "correct horse battery")
	attacker := at(env.browser(), "203.0.113.72")
	known := requestCode(t, attacker, "masked@example.com")
	// Any link made by the function serves: the attacker's own, opened
	// in another browser of theirs, so that it shows the page.
	link := magicLink(t, at(env.browser(), "203.0.113.72"), "attacker-link@example.com")

	if got := pageAccount(t, attacker.do("GET", withUserID(link, known), "")); got != "m***@example.com" {
		t.Errorf("the page of a known ID names %q, want m***@example.com", got)
	}
	for _, id := range []string{"6650c0ffee00000000001", "nosuchuser", "a.b-c_d", "..", strings.Repeat("x", 40)} {
		first := pageAccount(t, attacker.do("GET", withUserID(link, id), ""))
		if !maskShape.MatchString(first) {
			t.Errorf("the page of made-up ID %q names %q, want a masked address of the same shape as an account's", id, first)
		}
		if again := pageAccount(t, attacker.do("GET", withUserID(link, id), "")); again != first {
			t.Errorf("made-up ID %q named %q, then %q: a stand-in that changes gives itself away", id, first, again)
		}
	}
}

// appwriteID is the shape of Appwrite's ID::unique(): PHP's uniqid() (8
// hex digits of Unix seconds, 5 of microseconds) and 7 hex digits.
var appwriteID = regexp.MustCompile(`^([0-9a-f]{8})([0-9a-f]{5})[0-9a-f]{7}$`)

// wantAppwriteShape fails the test unless id could be an ID Appwrite made
// before now.
func wantAppwriteShape(t *testing.T, id, what string) {
	t.Helper()
	m := appwriteID.FindStringSubmatch(id)
	if m == nil {
		t.Errorf("%s %q is not shaped like Appwrite's IDs", what, id)
		return
	}
	seconds, _ := strconv.ParseInt(m[1], 16, 64)
	micros, _ := strconv.ParseInt(m[2], 16, 64)
	if made := time.Unix(seconds, 0); micros >= 1_000_000 || made.After(time.Now()) || made.Year() < 2020 {
		t.Errorf("%s %q says it was made %v (+%d µs), want a past time Appwrite could have made it", what, id, made, micros)
	}
}

// TestEmailCodeDecoyIsStable: the victim's address is an OAuth2 identity
// of an account (linked to it, the account's own address being another),
// so Appwrite refuses an e-mail code for it, and POST /otp answers with a
// decoy user ID rather than tell. The attacker, at another address, asks
// twice, and from another instance of the function: a real account's ID,
// and the ID Appwrite makes for a new address, never change, so a decoy
// that did showed the address has an account. Defence: decoys.userID, a
// keyed hash of the address shaped like Appwrite's IDs.
func TestEmailCodeDecoyIsStable(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	owner := at(env.browser(), "198.51.100.73")
	user := owner.signUp("owner-main@example.com", "correct horse battery")
	if err := env.emu.AddIdentity(user["$id"].(string), "github", "owner-github@example.com"); err != nil {
		t.Fatal(err)
	}

	attacker := at(env.browser(), "203.0.113.73")
	decoy := requestCode(t, attacker, "owner-github@example.com")
	if _, ok := env.emu.LastMessage("owner-github@example.com", appwritetest.MessageEmailOTP); ok {
		t.Fatal("Appwrite sent a code to the identity's address: the test's premise (a refused address) does not hold")
	}
	wantAppwriteShape(t, decoy, "the decoy")
	if again := requestCode(t, attacker, "owner-github@example.com"); again != decoy {
		t.Errorf("the decoy was %q, then %q", decoy, again)
	}
	other := *env
	other.app = newApp(func(k string) string { return env.vars[k] })
	if elsewhere := requestCode(t, at(other.browser(), "203.0.113.74"), "owner-github@example.com"); elsewhere != decoy {
		t.Errorf("another instance answered %q, this one %q", elsewhere, decoy)
	}

	// The controls: a new address and an account's answer alike.
	fresh := requestCode(t, attacker, "new-address@example.com")
	wantAppwriteShape(t, fresh, "a new address's ID")
	if again := requestCode(t, attacker, "new-address@example.com"); again != fresh {
		t.Errorf("a new address got %q, then %q", fresh, again)
	}
	if id := requestCode(t, attacker, "owner-main@example.com"); id != user["$id"] {
		t.Errorf("the account's own address got %q, want its ID %v", id, user["$id"])
	}
}
