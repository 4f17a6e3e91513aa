package e2e

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"image"
	_ "image/png" // screenshots are PNGs
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// totp is the code an authenticator app shows for a base32 secret at t
// (RFC 6238: HMAC-SHA-1 over the 30-second step, dynamic truncation, six
// digits), computed here as the phone would.
func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatalf("the page's key %q is not base32: %v", secret, err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0xf
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1000000)
}

// totpNow is the secret's code now, after waiting out the last four
// seconds of a step: Appwrite takes the current step's code only, and the
// code must still be current when the function passes it on.
func totpNow(t *testing.T, secret string) string {
	t.Helper()
	if left := 30 - time.Now().Unix()%30; left <= 4 {
		time.Sleep(time.Duration(left)*time.Second + 200*time.Millisecond)
	}
	return totp(t, secret, time.Now())
}

// totpAfter is the secret's code in a step after the one that held used:
// the function refuses a code it has taken once for the rest of its step.
func totpAfter(t *testing.T, secret string, used time.Time) string {
	t.Helper()
	if wait := time.Until(time.Unix((used.Unix()/30+1)*30, 0)); wait > 0 {
		time.Sleep(wait + 200*time.Millisecond)
	}
	return totpNow(t, secret)
}

// scanQR takes a screenshot of the element with the id, as the page shows
// it, and decodes the QR code in it.
func (tb *tab) scanQR(id string) string {
	tb.t.Helper()
	var png []byte
	tb.call(func(ctx context.Context) error {
		var err error
		png, err = chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.ID(id), 2, chromedp.NodeVisible))
		return err
	})
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		tb.t.Fatalf("%s: screenshot of #%s: %v", tb.name, id, err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		tb.t.Fatalf("%s: %v", tb.name, err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		tb.t.Fatalf("%s: no QR code read in #%s: %v", tb.name, id, err)
	}
	return res.GetText()
}

// chooseFactor picks the factor in the MFA step's select and asks for a
// challenge.
func (tb *tab) chooseFactor(d *dev, factor string) {
	tb.t.Helper()
	tb.do(chromedp.SetValue(chromedp.ID("mfa-factor"), factor, chromedp.NodeVisible))
	tb.click("mfa-send")
	tb.waitFor(`!document.getElementById("notice").hidden && !document.body.dataset.busy`, "the "+factor+" challenge")
}

// signInWithFactor signs in with the password, completes the MFA step with
// the factor and the code it gives, and does not wait for the outcome.
func (tb *tab) signInWithFactor(d *dev, email, password, factor string, code func() string) {
	tb.t.Helper()
	tb.signIn(email, password)
	tb.waitState(d, "mfa")
	if offered := eval[string](tb, `[...document.getElementById("mfa-factor").options].map(o => o.value).join(",")`); !strings.Contains(offered, factor) {
		tb.t.Fatalf("%s: the MFA step offers %q, want %s among them", tb.name, offered, factor)
	}
	tb.chooseFactor(d, factor)
	tb.typeInto("mfa-code", code())
	tb.click("mfa-verify")
}

// TestAuthenticatorAndRecoveryCodes is the browser scenario: enrol
// an authenticator app by reading the key and the QR code from the page
// and computing its code here; sign out and in with the totp factor; make
// recovery codes (shown once) and sign in with one, which the same code
// cannot do again; delete the account, after which it cannot sign in.
func TestAuthenticatorAndRecoveryCodes(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	const email, password = "tova@example.com", "correct horse battery"
	a := newBrowser(t, "browser A")
	a.openApp(d)
	a.signUp(d, "Tova", email, password)

	// An enrolment left unconfirmed: signing out takes its key and QR code
	// off the page, as it does the recovery codes.
	a.click("totp-start")
	a.waitFor(`document.getElementById("totp-secret").textContent !== "" && !document.body.dataset.busy`, "the key of an enrolment")
	a.click("signout-button")
	a.waitState(d, "signed-out")
	if left := eval[string](a.tab, `document.getElementById("totp-secret").textContent + (document.getElementById("totp-qr").getAttribute("src") ?? "")`); left != "" {
		t.Errorf("after signing out the page still shows the authenticator key or QR code: %.40q", left)
	}
	a.signIn(email, password)
	a.waitState(d, "signed-in")

	// Enrolment: the QR code holds the otpauth:// URI of the key shown.
	a.click("totp-start")
	a.waitFor(`!document.getElementById("totp-enrol").hidden && document.getElementById("totp-qr").complete`+
		` && document.getElementById("totp-qr").naturalWidth > 0 && !document.body.dataset.busy`, "the QR code")
	a.saveScreenshot("authenticator-enrolment")
	secret := a.text("totp-secret")
	scanned := a.scanQR("totp-qr")
	u, err := url.Parse(scanned)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != secret ||
		!strings.HasSuffix(u.Path, ":"+email) {
		t.Fatalf("the QR code reads %q; want otpauth://totp/…:%s with secret=%s", scanned, email, secret)
	}
	a.typeInto("totp-code", totpNow(t, secret))
	confirmed := time.Now()
	a.click("totp-confirm")
	a.waitFor(`document.getElementById("totp-state").textContent === "on" && !document.body.dataset.busy`, "the authenticator to be on")
	// Just after adding the app, turning MFA on takes the password: the
	// page asks for it (the test answers its prompt).
	if !eval[bool](a.tab, `(window.prompt = (msg) => { window.promptedFor = msg; return `+jsString(password)+`; }, true)`) {
		t.Fatal("could not answer the page's prompt")
	}
	a.click("mfa-toggle")
	a.waitFor(`document.getElementById("mfa-state").textContent === "on" && !document.body.dataset.busy`, "MFA on")
	if asked := eval[string](a.tab, `window.promptedFor ?? ""`); !strings.Contains(asked, "password") {
		t.Errorf("the page turned MFA on after adding the app without asking for the password (prompt %q)", asked)
	}

	// Recovery codes: shown once, with a copy button.
	a.click("recovery-create")
	a.waitFor(`!document.getElementById("recovery-shown").hidden && !document.body.dataset.busy`, "the recovery codes")
	codes := strings.Fields(eval[string](a.tab, `[...document.querySelectorAll("#recovery-list li")].map(li => li.textContent).join(" ")`))
	if len(codes) != 6 || a.text("recovery-count") != "6" {
		t.Fatalf("recovery codes %v, count %q; want 6", codes, a.text("recovery-count"))
	}
	if !eval[bool](a.tab, `!document.getElementById("recovery-copy").hidden`) {
		t.Error("no copy button beside the codes")
	}

	// Out, and in with the authenticator app.
	a.click("signout-button")
	a.waitState(d, "signed-out")
	if !eval[bool](a.tab, `document.getElementById("recovery-shown").hidden`) {
		t.Error("the recovery codes stay on the page after signing out")
	}
	a.signInWithFactor(d, email, password, "totp", func() string { return totpAfter(t, secret, confirmed) })
	a.waitState(d, "signed-in")

	// Out, and in with a recovery code; the same code again is refused.
	b := newBrowser(t, "browser B")
	b.openApp(d)
	b.signInWithFactor(d, email, password, "recoveryCode", func() string { return codes[0] })
	b.waitState(d, "signed-in")
	c := newBrowser(t, "browser C")
	c.openApp(d)
	c.signInWithFactor(d, email, password, "recoveryCode", func() string { return codes[0] })
	c.waitError(d, "user_invalid_token")
	if s := c.state(); s != "mfa" {
		t.Fatalf("C after a used recovery code: #status %q, want mfa", s)
	}
	if n := eval[string](b.tab, `document.getElementById("recovery-count").textContent`); n != "5" {
		t.Errorf("B shows %s recovery codes left, want 5", n)
	}

	// Delete the account: every browser is signed out, and no sign-in works.
	b.typeInto("delete-password", password)
	b.click("delete-confirm")
	b.click("delete-submit")
	b.waitState(d, "signed-out")
	a.openApp(d)
	if s := a.state(); s != "signed-out" {
		t.Errorf("A after the deletion: #status %q, want signed-out", s)
	}
	b.signIn(email, password)
	b.waitError(d, "user_invalid_credentials")
}

// TestTOTPMatchesRFC6238: the test's own authenticator (totp, kept apart
// from the emulator's so that the page is checked as a phone would check
// it) gives RFC 6238's SHA-1 test vectors, cut to six digits.
func TestTOTPMatchesRFC6238(t *testing.T) {
	t.Parallel()
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for at, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 20000000000: "353130"} {
		if got := totp(t, secret, time.Unix(at, 0)); got != want {
			t.Errorf("at %d: %s, want %s", at, got, want)
		}
	}
}
