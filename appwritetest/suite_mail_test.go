// The SDK suite's view of the mail a target sends: the emulator's outbox,
// or, against a real Appwrite, the JSON outbox at APPWRITE_TEST_OUTBOX.

package appwritetest

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// outboxEnv names the URL of a real server's mail outbox (see
// TestSDKSuiteRealAppwrite for the shape it must answer with).
const outboxEnv = "APPWRITE_TEST_OUTBOX"

// hasOutbox reports whether the suite can read the target's mail.
func (tg *suiteTarget) hasOutbox() bool { return tg.emu != nil || tg.outbox != "" }

// mailOnly skips the test unless the suite can read the target's mail.
func (tg *suiteTarget) mailOnly(t *testing.T) {
	t.Helper()
	if !tg.hasOutbox() {
		t.Skip("needs the server's mail: set " + outboxEnv + " to a JSON outbox")
	}
}

// outboxMessage is one message of a real server's outbox: the emulator's
// Message fields when the outbox has them, else the mail itself.
type outboxMessage struct {
	To      json.RawMessage `json:"to"` // an address or a list of them
	Kind    MessageKind     `json:"kind"`
	Link    string          `json:"link"`
	Secret  string          `json:"secret"`
	Code    string          `json:"code"`
	Subject string          `json:"subject"`
	Text    string          `json:"text"`
	HTML    string          `json:"html"`
}

// Where a link and a code are found in a mail's text.
var (
	mailLinkRE = regexp.MustCompile(`https?://[^\s"'<>]*[?&]secret=[^\s"'<>]*`)
	mailCodeRE = regexp.MustCompile(`\b[0-9]{6}\b`)
	secretRE   = regexp.MustCompile(`[?&]secret=([^&#]*)`)
)

// message turns m into the emulator's Message for the address to,
// taking the link, its secret and the code from the mail's body when the
// outbox gives none.
func (m outboxMessage) message() Message {
	out := Message{Kind: m.Kind, Link: m.Link, Secret: m.Secret, Code: m.Code}
	body := m.Text + "\n" + html.UnescapeString(m.HTML)
	if out.Link == "" {
		out.Link = mailLinkRE.FindString(body)
	}
	if out.Secret == "" {
		if s := secretRE.FindStringSubmatch(out.Link); s != nil {
			out.Secret = s[1]
		}
	}
	if out.Code == "" && out.Link == "" {
		out.Code = mailCodeRE.FindString(m.Subject + "\n" + body)
	}
	return out
}

// sentTo reports whether the message went to the address.
func (m outboxMessage) sentTo(address string) bool {
	var one string
	var many []string
	if json.Unmarshal(m.To, &one) == nil {
		many = []string{one}
	} else if json.Unmarshal(m.To, &many) != nil {
		return false
	}
	for _, to := range many {
		if strings.EqualFold(strings.TrimSpace(to), address) || strings.HasSuffix(strings.ToLower(to), "<"+strings.ToLower(address)+">") {
			return true
		}
	}
	return false
}

// readOutbox fetches the real server's outbox: a JSON array of
// messages, oldest first, or an object with the array in "messages".
func readOutbox(url string) ([]outboxMessage, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	var list []outboxMessage
	if err := json.Unmarshal(body, &list); err == nil {
		return list, nil
	}
	var wrapped struct {
		Messages []outboxMessage `json:"messages"`
	}
	if err := json.Unmarshal(body, &wrapped); err != nil {
		return nil, fmt.Errorf("%s: not a JSON array of messages or {\"messages\": [...]}: %v", url, err)
	}
	return wrapped.Messages, nil
}

// mailTo returns the messages the target has sent to the address, oldest
// first. Messages of the real outbox that name a kind keep it; the
// others match any kind.
func (tg *suiteTarget) mailTo(t *testing.T, address string) []Message {
	t.Helper()
	var out []Message
	if tg.emu != nil {
		for _, m := range tg.emu.Outbox() {
			if strings.EqualFold(m.To, address) {
				out = append(out, m)
			}
		}
		return out
	}
	list, err := readOutbox(tg.outbox)
	if err != nil {
		t.Fatalf("read %s: %v", outboxEnv, err)
	}
	for _, m := range list {
		if m.sentTo(address) {
			msg := m.message()
			msg.To = address
			out = append(out, msg)
		}
	}
	return out
}

// mailWait is how long the suite waits for a real server's mail worker.
const mailWait = 20 * time.Second

// waitMail returns the first message of the kind to the address after
// the first skip of them that match also accepts (nil accepts any),
// waiting for a real server's mail to arrive. It fails the test if none
// comes.
func (tg *suiteTarget) waitMail(t *testing.T, address string, kind MessageKind, skip int, match func(Message) bool) Message {
	t.Helper()
	deadline := time.Now().Add(mailWait)
	for {
		n := 0
		for _, m := range tg.mailTo(t, address) {
			if (m.Kind != "" && m.Kind != kind) || (match != nil && !match(m)) {
				continue
			}
			if n++; n > skip {
				return m
			}
		}
		if tg.emu != nil || time.Now().After(deadline) {
			t.Fatalf("no %s mail to %s (after %d)", kind, address, skip)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// mailCount is how many messages of the kind the address has had.
func (tg *suiteTarget) mailCount(t *testing.T, address string, kind MessageKind) int {
	t.Helper()
	n := 0
	for _, m := range tg.mailTo(t, address) {
		if m.Kind == "" || m.Kind == kind {
			n++
		}
	}
	return n
}

// wantLifetime checks that a token made at created expires want later:
// exactly on the emulator, within a second on a real server, which
// stores times to the millisecond as they fall (a real 15 minutes is
// 14m59.999s).
func (tg *suiteTarget) wantLifetime(t *testing.T, what, created, expire string, want time.Duration) {
	t.Helper()
	d := parseDate(t, what+" expire", expire).Sub(parseDate(t, what+" $createdAt", created))
	slack := time.Duration(0)
	if tg.emu == nil {
		slack = time.Second
	}
	if diff := d - want; diff > slack || diff < -slack {
		t.Errorf("%s lives %v, want %v", what, d, want)
	}
}

// outboxFromEnv is the real outbox URL the suite reads, "" for none.
func outboxFromEnv() string { return os.Getenv(outboxEnv) }

// TestOutboxMessage checks how a real outbox's messages are read: the
// emulator's fields as they are, else the link and code from the mail.
func TestOutboxMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json string
		to         string
		sentTo     bool
		want       Message
	}{
		{"emulator's fields", `{"to":"a@x.io","kind":"recovery","link":"http://l/r?secret=s1","secret":"s1"}`, "A@x.io", true,
			Message{Kind: MessageRecovery, Link: "http://l/r?secret=s1", Secret: "s1"}},
		{"html link", `{"to":["Ada <a@x.io>"],"html":"<a href=\"https://app.io/cb?userId=u&amp;secret=abc&amp;expire=e\">Go</a>"}`, "a@x.io", true,
			Message{Link: "https://app.io/cb?userId=u&secret=abc&expire=e", Secret: "abc"}},
		{"text code", `{"to":"a@x.io","subject":"Your code","text":"Use 123456 to sign in before 12:30."}`, "a@x.io", true,
			Message{Code: "123456"}},
		{"no code in a link mail", `{"to":"a@x.io","text":"https://a.io/?secret=999999 and 123456"}`, "a@x.io", true,
			Message{Link: "https://a.io/?secret=999999", Secret: "999999"}},
		{"someone else's", `{"to":"b@x.io","code":"111111"}`, "a@x.io", false, Message{Code: "111111"}},
	}
	for _, tc := range tests {
		var m outboxMessage
		if err := json.Unmarshal([]byte(tc.json), &m); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := m.sentTo(tc.to); got != tc.sentTo {
			t.Errorf("%s: sentTo(%s) = %v", tc.name, tc.to, got)
		}
		if got := m.message(); got != tc.want {
			t.Errorf("%s: message() = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
