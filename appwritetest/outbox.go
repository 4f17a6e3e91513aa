package appwritetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// MessageKind says which e-mail a [Message] is.
type MessageKind string

// The e-mails Appwrite sends on the emulated routes.
const (
	MessageMagicURL     MessageKind = "magic-url"    // POST /account/tokens/magic-url
	MessageEmailOTP     MessageKind = "email-otp"    // POST /account/tokens/email
	MessageRecovery     MessageKind = "recovery"     // POST /account/recovery
	MessageVerification MessageKind = "verification" // POST /account/verifications/email
	MessageMFA          MessageKind = "mfa"          // POST /account/mfa/challenges (email)
)

// Message is an e-mail the emulator would have sent.
type Message struct {
	To     string      `json:"to"`
	Kind   MessageKind `json:"kind"`
	UserID string      `json:"userId"`
	// Link is the full URL the user would click (magic URL, recovery,
	// verification), with userId, secret and expire appended.
	Link string `json:"link"`
	// Secret is the token secret carried by Link.
	Secret string `json:"secret"`
	// Code is the one-time code (e-mail OTP, MFA).
	Code string    `json:"code"`
	Time time.Time `json:"time"`
}

// send records m in the outbox. It runs with e.mu held.
func (e *Emulator) send(m Message) { e.outbox = append(e.outbox, m) }

// Outbox returns every message sent so far, oldest first.
func (e *Emulator) Outbox() []Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Message(nil), e.outbox...)
}

// LastMessage returns the newest message of the given kind sent to the
// address (compared case-insensitively).
func (e *Emulator) LastMessage(to string, kind MessageKind) (Message, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.outbox) - 1; i >= 0; i-- {
		if m := e.outbox[i]; m.Kind == kind && strings.EqualFold(m.To, to) {
			return m, true
		}
	}
	return Message{}, false
}

// handleOutbox serves GET /__emulator/outbox: the outbox as a JSON array,
// one message a line. It is the emulator's own page, not Appwrite's, so
// "/" is written as is: a link copied from it works in a browser's
// address bar.
func (e *Emulator) handleOutbox(r *http.Request) *reply {
	if r.Method != http.MethodGet {
		return e.errorReply(newError("general_route_not_found"))
	}
	var body bytes.Buffer
	body.WriteString("[")
	for i, m := range e.outbox {
		if i > 0 {
			body.WriteString(",")
		}
		body.WriteString("\n")
		enc := json.NewEncoder(&body)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(m)             // strings and a time always encode
		body.Truncate(body.Len() - 1) // Encode's newline
	}
	body.WriteString("\n]\n")
	rep := &reply{status: http.StatusOK, header: http.Header{}, body: body.Bytes()}
	rep.header.Set("Content-Type", "application/json; charset=UTF-8")
	rep.header.Set("Cache-Control", "no-store")
	return rep
}
