package e2e

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sessionIDs is the session list the demo shows: every id, and the one of
// this browser.
func (tb *tab) sessionIDs(d *dev, want int) (ids []string, current string) {
	tb.t.Helper()
	tb.click("sessions-refresh")
	tb.waitFor(`document.getElementById("sessions-list").dataset.count === "`+strconv.Itoa(want)+`" && !document.body.dataset.busy`,
		"a list of "+strconv.Itoa(want)+" sessions")
	type listed struct {
		ID      string `json:"id"`
		Current bool   `json:"current"`
	}
	list := eval[[]listed](tb, `[...document.querySelectorAll("#sessions-list li[data-session-id]")]
		.map(li => ({id: li.dataset.sessionId, current: li.dataset.current === "true"}))`)
	for _, s := range list {
		ids = append(ids, s.ID)
		if s.Current {
			current = s.ID
		}
	}
	if len(ids) != want || current == "" {
		tb.t.Fatalf("%s: session list %+v; want %d with this browser's marked", tb.name, list, want)
	}
	return ids, current
}

// TestTwoBrowsersTwoUsersAndRevoke is scenario 6: two browsers signed in as
// two users each see only their own user and sessions, and hold only their
// own cookie; a session revoked from another browser of the same user is
// signed out at its next request, and nobody else is.
func TestTwoBrowsersTwoUsersAndRevoke(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	name := d.SessionCookie()
	const adaEmail, graceEmail = "ada@example.com", "grace@example.com"

	ada := newBrowser(t, "Ada's browser")
	grace := newBrowser(t, "Grace's browser")
	ada.openApp(d)
	ada.signUp(d, "Ada Lovelace", adaEmail, password)
	grace.openApp(d)
	grace.signUp(d, "Grace Hopper", graceEmail, password)

	// Separate jars: one session cookie each, different values.
	adaJar, graceJar := ada.jar(), grace.jar()
	ac, gc := findCookie(adaJar, name), findCookie(graceJar, name)
	if ac == nil || gc == nil || ac.Value == gc.Value {
		t.Fatalf("jars: Ada %v, Grace %v; want one session cookie each, different", cookieNames(adaJar), cookieNames(graceJar))
	}
	for _, c := range graceJar {
		if c.Value == ac.Value {
			t.Fatalf("Grace's jar holds Ada's session cookie")
		}
	}

	// Each sees their own user only.
	for _, who := range []struct {
		b          *browser
		own, other string
	}{{ada, adaEmail, graceEmail}, {grace, graceEmail, adaEmail}} {
		who.b.click("whoami-button")
		who.b.waitState(d, "signed-in")
		out := who.b.text("whoami-output")
		if !strings.Contains(out, who.own) || strings.Contains(out, who.other) {
			t.Errorf("%s: GET /me shows %q; want %s only", who.b.name, out, who.own)
		}
	}
	adaIDs, adaCurrent := ada.sessionIDs(d, 1)
	graceIDs, _ := grace.sessionIDs(d, 1)
	if slices.Contains(adaIDs, graceIDs[0]) || slices.Contains(graceIDs, adaIDs[0]) {
		t.Fatalf("session lists overlap: Ada %v, Grace %v", adaIDs, graceIDs)
	}

	// Ada signs in on a second browser; her first browser revokes it.
	ada2 := newBrowser(t, "Ada's second browser")
	ada2.openApp(d)
	ada2.signIn(adaEmail, password)
	ada2.waitState(d, "signed-in")
	_, ada2Current := ada2.sessionIDs(d, 2)
	adaIDs, current := ada.sessionIDs(d, 2)
	if current != adaCurrent || !slices.Contains(adaIDs, ada2Current) || slices.Contains(adaIDs, graceIDs[0]) {
		t.Fatalf("Ada's sessions %v (current %s); want hers (%s) and the second browser's (%s), not Grace's",
			adaIDs, current, adaCurrent, ada2Current)
	}
	n := ada.net.count("DELETE", d.Function+"/sessions/"+ada2Current)
	ada.click("revoke-" + ada2Current)
	if h := ada.waitNewHop("DELETE", d.Function+"/sessions/"+ada2Current, n); h.Status != 204 ||
		header(h.ResponseHeaders, "set-cookie") != "" {
		t.Fatalf("revoking the other session: %s; want 204 and this browser's cookie left alone", h)
	}
	ada.waitFor(`document.getElementById("sessions-list").dataset.count === "1" && !document.body.dataset.busy`,
		"the list without the revoked session")

	// The revoked browser still holds its cookie until its next request,
	// which is refused and clears it.
	if findCookie(ada2.jar(), name) == nil {
		t.Fatal("the revoked browser lost its cookie before making a request")
	}
	n = ada2.net.count("GET", d.Function+"/me")
	ada2.click("whoami-button")
	ada2.waitState(d, "signed-out")
	h := ada2.waitNewHop("GET", d.Function+"/me", n)
	if h.Status != 401 || h.sent(name) == nil || !strings.HasPrefix(header(h.ResponseHeaders, "set-cookie"), name+"=") {
		t.Fatalf("the revoked browser's next request: %s, set-cookie %q; want 401 clearing the stale cookie",
			h, header(h.ResponseHeaders, "set-cookie"))
	}
	if e := ada2.shownError(); e.Type != "user_unauthorized" {
		t.Errorf("the revoked browser shows %+v", e)
	}
	if findCookie(ada2.jar(), name) != nil {
		t.Errorf("the revoked browser still holds a session cookie")
	}

	// Nobody else was signed out.
	for _, who := range []struct {
		b     *browser
		email string
	}{{ada, adaEmail}, {grace, graceEmail}} {
		who.b.click("whoami-button")
		who.b.waitState(d, "signed-in")
		if out := who.b.text("whoami-output"); !strings.Contains(out, who.email) {
			t.Errorf("%s after the revocation: %q", who.b.name, out)
		}
	}
}

// TestScreenshots is scenario 7: the demo signed out and signed in, saved
// as demo-signed-out.png and demo-signed-in.png in the artifacts folder
// (E2E_ARTIFACTS) for a person to look at.
func TestScreenshots(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	b := newBrowser(t, "browser")
	b.openApp(d)
	b.waitFor(`document.getElementById("health").dataset.state === "ok"`, "the health line")
	shoot := func(file string) {
		t.Helper()
		data := b.screenshot()
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", file, err)
		}
		if w := img.Bounds().Dx(); w != 1280 {
			t.Errorf("%s: %d pixels wide, want the 1280 of the viewport", file, w)
		}
		path := filepath.Join(suite.artifacts, file)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s (%d bytes)", path, len(data))
	}
	shoot("demo-signed-out.png")

	b.signUp(d, "Ada Lovelace", "ada@example.com", password)
	b.click("whoami-button")
	b.waitState(d, "signed-in")
	b.sessionIDs(d, 1)
	shoot("demo-signed-in.png")
}
