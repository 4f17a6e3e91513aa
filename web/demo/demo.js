// Demo app for the cookie-session auth function. No framework, no build:
// it wires the page's forms and buttons to ./client.js (served next to this
// file by the dev runtime) and shows what comes back.
//
// Who is signed in comes from the client's getUser() at start and its
// onChange() hook after: every sign-in, sign-out and 401 that says "signed
// out" (a session ended elsewhere, a blocked user) reaches the page the
// same way, whichever button made the call.
//
// For tests driving the page: every control has a stable id; #status has
// data-state = loading | signed-in | signed-out | mfa | offline, and, when
// a reply said the browser is signed out, data-reason = its error type
// (user_blocked, user_unauthorized); #error and
// #notice show the last outcome (hidden when empty; #error carries
// data-type, data-code and, on 429, data-retry-after in seconds); body has
// data-busy while any request runs. #signup-verify-form shows while a
// sign-up waits for its e-mailed code. #account-reset shows, until a
// password is set, that a sign-in replaced an account nobody had proven,
// with data-state = set-password (it has none: set one) | password-set
// (the sign-up's password is its password).

import * as auth from "./client.js";

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo: no #${id}`);
  return el;
};

/** The demo's state: the signed-in user, and the flows in progress. */
const state = {
  /** @type {import("./client.js").User | null} */
  user: null,
  /** @type {string[]} */
  mfaFactors: ["email"],
  /** @type {string | null} */
  challengeId: null,
  /** @type {string | null} */
  otpUserId: null,
  /**
   * A sign-up waiting for its e-mailed code: what verifySignUp sends with
   * it. Kept here, not in the form, so the password is not left on the page.
   * @type {{ userId: string, email: string, password: string, name?: string } | null}
   */
  signup: null,
  /**
   * A sign-in replaced an account nobody had proven (accountReset): the
   * new account's owner is told until a password is set.
   * @type {"set-password" | "password-set" | null}
   */
  accountReset: null,
  /** Whether the user has an authenticator app enrolled. */
  totp: false,
  pending: 0,
  /** The dev runtime's console, "" elsewhere. */
  consoleUrl: "",
};

/** The app's own URL, where OAuth2, magic links and verification return. */
const appUrl = () => location.origin + location.pathname;

// ---- feedback -------------------------------------------------------------

function showError(err) {
  const el = $("error");
  el.textContent = err instanceof Error ? err.message : String(err);
  el.dataset.type = err instanceof auth.AuthError ? err.type : "demo_error";
  el.dataset.code = err instanceof auth.AuthError ? String(err.code) : "0";
  if (err instanceof auth.AuthError && err.retryAfter !== undefined) {
    el.dataset.retryAfter = String(err.retryAfter);
  }
  el.hidden = false;
  // In the dev runtime a spent limit can be reset in its console.
  if (err instanceof auth.AuthError && err.code === 429 && state.consoleUrl) {
    $("dev-hint").hidden = false;
  }
}

function showNotice(text) {
  const el = $("notice");
  el.textContent = text;
  el.hidden = false;
}

function clearFeedback() {
  $("dev-hint").hidden = true;
  for (const id of ["error", "notice"]) {
    const el = $(id);
    el.hidden = true;
    el.textContent = "";
    delete el.dataset.type;
    delete el.dataset.code;
    delete el.dataset.retryAfter;
  }
}

/**
 * Runs one user action: clears the last outcome, disables the control while
 * the request runs and shows any error in #error.
 * @param {HTMLElement} control the button (or form) that started it
 * @param {() => Promise<void>} action
 */
async function run(control, action) {
  const button = control instanceof HTMLFormElement ? control.querySelector("button[type=submit]") : control;
  clearFeedback();
  if (button) button.disabled = true;
  busy(+1);
  try {
    await action();
  } catch (err) {
    // A 401 that says "signed out" has shown that already (onChange).
    showError(err);
  } finally {
    if (button) button.disabled = false;
    busy(-1);
  }
}

function busy(delta) {
  state.pending += delta;
  if (state.pending > 0) document.body.dataset.busy = "true";
  else delete document.body.dataset.busy;
}

/** Calls handler on submit with the form's fields, never navigating. */
function onSubmit(id, handler) {
  const form = $(id);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(form));
    run(form, () => handler(fields, form));
  });
}

function onClick(id, handler) {
  const button = $(id);
  button.addEventListener("click", () => run(button, handler));
}

// ---- who is signed in -----------------------------------------------------

/**
 * @param {"loading" | "signed-in" | "signed-out" | "mfa" | "offline"} kind
 * @param {string} text
 * @param {string} [reason] the error type that said so
 */
function setStatus(kind, text, reason) {
  const el = $("status");
  el.dataset.state = kind;
  el.textContent = text;
  if (reason) el.dataset.reason = reason;
  else delete el.dataset.reason;
  document.body.dataset.auth = kind;
  // Sign out only means something with a session, whole or waiting for
  // its second factor.
  $("signout-button").hidden = kind !== "signed-in" && kind !== "mfa";
}

/**
 * What the status says when a reply's error type tells more than "signed
 * out". (user_unauthorized does not: it is a first visit as much as an
 * ended session.) Appwrite's message for user_blocked is written for the
 * project's administrators, so the page says it in its own words.
 */
const signedOutReason = {
  user_blocked: "Signed out: this account is blocked",
};

/**
 * Shows the user, or the signed-out page; error is the reply that said so.
 * @param {import("./client.js").User | null} user
 * @param {import("./client.js").AuthError} [error]
 */
function setUser(user, error) {
  state.user = user;
  showAccountReset();
  if (user) {
    const who = user.email ? (user.name ? `${user.name} (${user.email})` : user.email) : "a guest";
    setStatus("signed-in", `Signed in as ${who}`);
    $("whoami-output").textContent = JSON.stringify(user, null, 2);
    $("whoami-output").dataset.empty = "false";
    $("profile-name").value = user.name;
    showAccountSettings(user);
    $("mfa-step").hidden = true;
    loadSessions({ quiet: true });
    loadSecondFactors();
    loadIdentities({ quiet: true });
  } else {
    setStatus("signed-out", (error && signedOutReason[error.type]) || "Signed out", error?.type);
    $("whoami-output").textContent = "Signed out.";
    $("whoami-output").dataset.empty = "true";
    $("profile-name").value = "";
    showAccountSettings(null);
    $("jwt-output").textContent = "No token yet.";
    $("jwt-output").dataset.empty = "true";
    renderSessions(null, "Sign in to list your sessions.");
    state.totp = false;
    $("totp-state").textContent = "—";
    hideEnrolment();
    $("recovery-count").textContent = "—";
    hideRecoveryCodes();
    renderIdentities(null, "Sign in to list the providers linked to your account.");
  }
}

/**
 * Shows the e-mail and MFA settings, and enables only what applies: a
 * guest has no address to verify, a verified address needs no second
 * verification, and MFA needs a second factor, a verified address (a code
 * is sent there) or an authenticator app, as in Appwrite.
 * @param {import("./client.js").User | null} user
 */
function showAccountSettings(user) {
  $("guest-hint").hidden = !(user && !user.email);
  const verify = $("verify-email-button");
  const mfa = $("mfa-toggle");
  if (!user) {
    $("verified-state").textContent = "—";
    $("mfa-state").textContent = "—";
    mfa.textContent = "Turn on";
    verify.disabled = mfa.disabled = true;
    verify.title = mfa.title = "Sign in first.";
    $("mfa-hint").hidden = false;
    return;
  }
  const verified = Boolean(user.email) && user.emailVerification;
  const hasFactor = verified || state.totp;
  $("verified-state").textContent = !user.email ? "none (guest)" : verified ? "verified" : "not verified";
  verify.disabled = !user.email || verified;
  verify.title = !user.email ? "A guest has no e-mail address: sign up first." : verified ? "Your address is verified." : "";
  $("mfa-state").textContent = !user.mfa ? "off" : hasFactor ? "on" : "on, but inactive until you verify your e-mail or add an authenticator app";
  mfa.textContent = user.mfa ? "Turn off" : "Turn on";
  // Turning it off always works; turning it on waits for a second factor.
  mfa.disabled = !user.mfa && !hasFactor;
  mfa.title = mfa.disabled ? "Verify your e-mail address or add an authenticator app first." : "";
  $("mfa-hint").hidden = hasFactor;
}

/**
 * What #account-reset says, by state.accountReset and whether the browser
 * is signed in. The function answers accountReset when the first proof of
 * an address (a code, a link, GitHub, a verification) found an account
 * whose password or other sign-in methods someone had set without proving
 * the address: it deleted that account and made a new one for the owner.
 */
function showAccountReset() {
  const el = $("account-reset");
  const reset = state.accountReset;
  el.hidden = reset === null;
  if (reset === null) {
    delete el.dataset.state;
    el.textContent = "";
    return;
  }
  el.dataset.state = reset;
  el.textContent =
    reset === "password-set"
      ? "Your account was reset: an account with this address that nobody had proven was replaced, and the password you chose is its password."
      : state.user
        ? "Your account was reset: set a password (Password, under Your account)."
        : "Your account was reset: sign in with an e-mail code or a link, then set a password.";
}

/**
 * Notes a reply's or a redirect's accountReset.
 * @param {"set-password" | "password-set"} kind
 */
function accountWasReset(kind) {
  state.accountReset = kind;
  showAccountReset();
}

function showMFAStep(factors) {
  state.user = null;
  state.challengeId = null;
  if (factors && factors.length) state.mfaFactors = factors;
  const select = $("mfa-factor");
  select.replaceChildren(...state.mfaFactors.map((f) => new Option(f, f)));
  $("mfa-step").hidden = false;
  setStatus("mfa", "Second factor required");
}

/**
 * Shows what the client tells of the session: a sign-in, a sign-out, or a
 * reply that said the browser is not signed in (with its reason: a blocked
 * account, an ended session, a second factor still due).
 * @param {import("./client.js").AuthChange} change
 */
function showChange({ user, error }) {
  if (user) setUser(user);
  else if (error?.type === "user_more_factors_required") showMFAStep(null);
  else setUser(null, error);
}

/** Asks the function who is signed in and shows it. */
async function refreshStatus() {
  let user;
  try {
    user = await auth.getUser();
  } catch (err) {
    // No answer (unreachable, a 5xx): never shown as signed out.
    setStatus("offline", "Status unknown: the function did not answer");
    throw err;
  }
  // null: onChange has shown why.
  if (user) setUser(user);
}

// ---- sessions -------------------------------------------------------------

/**
 * @param {import("./client.js").Session[] | null} sessions
 * @param {string} [emptyText]
 */
function renderSessions(sessions, emptyText = "No sessions.") {
  const list = $("sessions-list");
  if (!fillList(list, sessions, emptyText)) return;
  list.replaceChildren(
    ...sessions.map((s) => {
      const li = document.createElement("li");
      li.dataset.sessionId = s.$id;
      li.dataset.current = String(s.current);

      const info = document.createElement("div");
      info.className = "session-info";
      const title = document.createElement("strong");
      const client = [s.clientName, s.clientVersion].filter(Boolean).join(" ") || "Unknown client";
      const os = [s.osName, s.osVersion].filter(Boolean).join(" ");
      title.textContent = os ? `${client} on ${os}` : client;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [s.provider, s.ip, `since ${formatDate(s.$createdAt)}`].filter(Boolean).join(" · ");
      info.append(title, meta);
      if (s.current) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "this browser";
        title.append(" ", badge);
      }

      const revoke = document.createElement("button");
      revoke.type = "button";
      revoke.id = `revoke-${s.$id}`;
      revoke.className = "danger small revoke";
      revoke.textContent = s.current ? "Sign out" : "Revoke";
      revoke.addEventListener("click", () =>
        run(revoke, async () => {
          // "current" is this browser's: onChange hears the sign-out.
          await auth.deleteSession(s.current ? "current" : s.$id);
          if (s.current) {
            showNotice("This browser's session was revoked: you are signed out.");
          } else {
            showNotice("Session revoked.");
            await loadSessions();
          }
        }),
      );
      li.append(info, revoke);
      return li;
    }),
  );
}

/**
 * Lists the sessions. Quiet loads (after signing in) report a failure in
 * the list rather than in #error.
 */
async function loadSessions({ quiet = false } = {}) {
  busy(+1);
  try {
    const { sessions } = await auth.listSessions();
    if (!quiet || state.user) renderSessions(sessions);
  } catch (err) {
    if (!quiet) throw err;
    if (state.user) renderSessions(null, `Could not list sessions: ${err.message}`);
  } finally {
    busy(-1);
  }
}

/**
 * Sets list's data-count to the number of items and, when there are none,
 * shows emptyText in it. Reports whether the caller has items to render.
 * @param {HTMLElement} list
 * @param {unknown[] | null} items
 * @param {string} emptyText
 */
function fillList(list, items, emptyText) {
  list.dataset.count = String(items ? items.length : 0);
  if (items && items.length > 0) return true;
  const li = document.createElement("li");
  li.className = "empty";
  li.textContent = emptyText;
  list.replaceChildren(li);
  return false;
}

function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

// ---- actions --------------------------------------------------------------

function wire() {
  onSubmit("signup-form", async ({ email, password, name }, form) => {
    const result = await auth.signUp({ email, password, name: name || undefined });
    form.reset();
    if (result.verification === "code") {
      // The function's default (SIGNUP_VERIFICATION=code): nothing exists
      // until the code proves the address.
      state.signup = { userId: result.userId, email, password, name: name || undefined };
      $("signup-verify-form").hidden = false;
      $("signup-code").focus();
      showNotice(
        state.consoleUrl
          ? `A code was sent to ${email}: read it in the dev console's inbox and enter it to finish signing up.`
          : `A code was sent to ${email}: enter it to finish signing up.`,
      );
      return;
    }
    // SIGNUP_VERIFICATION=off: signed in at once (onChange shows the user).
    showNotice("Account created. You are signed in.");
  });

  onSubmit("signup-verify-form", async ({ code }, form) => {
    if (!state.signup) throw new Error('Press "Sign up" first.');
    const { userId, password, name } = state.signup;
    const result = await auth.verifySignUp({ userId, code, password, name });
    state.signup = null;
    form.reset();
    form.hidden = true;
    if (result.mfaRequired) {
      // The address had an account with two-step verification on.
      showMFAStep(result.factors);
      showNotice("Code accepted and password set. A second factor is due: choose one to finish signing in.");
      return;
    }
    if (result.accountReset) accountWasReset("password-set");
    showNotice("Your address is confirmed: you are signed in.");
  });

  onSubmit("signin-form", async ({ email, password }, form) => {
    const result = await auth.signIn({ email, password });
    $("signin-password").value = "";
    if ("mfaRequired" in result && result.mfaRequired) {
      showMFAStep(result.factors);
      showNotice("Password accepted. Send yourself a code to finish signing in.");
      return;
    }
    form.reset();
    showNotice("Signed in.");
  });

  onSubmit("mfa-challenge-form", async ({ factor }) => {
    const { challengeId } = await auth.createMFAChallenge({ factor });
    state.challengeId = challengeId;
    // Recovery codes are letters and digits; the others are digits.
    $("mfa-code").inputMode = factor === "recoveryCode" ? "text" : "numeric";
    $("mfa-code").focus();
    showNotice(factorPrompt[factor] ?? "Enter the code.");
  });

  onSubmit("mfa-verify-form", async ({ otp }, form) => {
    if (!state.challengeId) throw new Error('Press "Use this factor" first.');
    await auth.verifyMFAChallenge({ challengeId: state.challengeId, otp });
    state.challengeId = null;
    form.reset();
    showNotice("Signed in.");
  });

  onClick("signout-button", async () => {
    await auth.signOut();
    showNotice("Signed out.");
  });

  onClick("oauth-github", async () => {
    auth.startOAuth2("github", { redirect: appUrl(), failure: appUrl() });
  });

  onSubmit("magic-form", async ({ email }) => {
    await auth.startMagicURL({ email, redirect: appUrl() });
    showNotice(`If ${email} can sign in, a sign-in link is on its way. Open it in this browser.`);
  });

  onSubmit("otp-request-form", async ({ email }) => {
    const { userId } = await auth.startEmailCode({ email });
    state.otpUserId = userId;
    $("otp-verify-form").hidden = false;
    $("otp-code").focus();
    showNotice(`A code was sent to ${email}.`);
  });

  onSubmit("otp-verify-form", async ({ code }, form) => {
    if (!state.otpUserId) throw new Error('Press "Send code" first.');
    const result = await auth.verifyEmailCode({ userId: state.otpUserId, code });
    state.otpUserId = null;
    form.reset();
    form.hidden = true;
    if (result.mfaRequired) {
      showMFAStep(result.factors);
      showNotice("Code accepted. A second factor is due: choose one to finish signing in.");
      return;
    }
    if (result.accountReset) accountWasReset("set-password");
    showNotice("Signed in.");
  });

  onClick("guest-button", async () => {
    await auth.signInAnonymously();
    showNotice("Signed in as a guest. Sign up to keep this account.");
  });

  onClick("whoami-button", async () => {
    setUser(await auth.getMe());
  });

  onSubmit("password-form", async ({ password, oldPassword }, form) => {
    setUser(await auth.changePassword(oldPassword ? { password, oldPassword } : { password }));
    form.reset();
    state.accountReset = null;
    showAccountReset();
    showNotice("Password set. Your other sessions are signed out.");
  });

  onSubmit("profile-form", async ({ name }) => {
    setUser(await auth.updateMe({ name }));
    showNotice("Profile saved.");
  });

  onClick("mfa-toggle", async () => {
    if (!state.user) throw new Error("Sign in first.");
    const enabled = !state.user.mfa;
    let user;
    try {
      user = await auth.setMFA({ enabled });
    } catch (err) {
      // Turning it off takes the password, unless this session has just
      // completed a second factor; so does turning it on just after an
      // authenticator app was added.
      if (!(err instanceof auth.AuthError) || err.type !== "user_challenge_required") throw err;
      const password = window.prompt(`Your password, to turn two-step verification ${enabled ? "on" : "off"}:`);
      if (!password) return;
      user = await auth.setMFA({ enabled, password });
    }
    setUser(user);
    showNotice(user.mfa ? "Two-step verification is on." : "Two-step verification is off.");
  });

  onClick("verify-email-button", async () => {
    await auth.startVerification({ redirect: appUrl() });
    showNotice(
      state.consoleUrl
        ? "Verification e-mail sent: open its link from the dev console's inbox, in this browser."
        : "Verification e-mail sent: open its link in this browser.",
    );
  });

  onClick("sessions-refresh", () => loadSessions());

  onClick("sessions-revoke-others", async () => {
    await auth.deleteSessions("others");
    showNotice("Every other session is signed out.");
    await loadSessions();
  });

  wireSecondFactors();
  wireAccount();

  onClick("jwt-button", async () => {
    const { jwt, expire } = await auth.createJWT();
    const out = $("jwt-output");
    out.textContent = `${jwt}\n\nexpires ${formatDate(expire)}`;
    out.dataset.empty = "false";
  });
}

// ---- second factors ---------------------------------------------------------

/** What the MFA step asks for, by factor. */
const factorPrompt = {
  email: "A code is on its way by e-mail: enter it.",
  totp: "Enter the code your authenticator app shows.",
  recoveryCode: "Enter one of your recovery codes. Each works once.",
  phone: "A code is on its way by SMS: enter it.",
};

/** Takes an authenticator's enrolment, its key and QR code, off the page. */
function hideEnrolment() {
  $("totp-enrol").hidden = true;
  $("totp-qr").removeAttribute("src");
  $("totp-secret").textContent = "";
}

/** Shows which second factors the user has and how many recovery codes are left. */
async function loadSecondFactors() {
  busy(+1);
  try {
    const [factors, codes] = await Promise.all([auth.listMFAFactors(), auth.countRecoveryCodes()]);
    if (!state.user) return;
    state.totp = factors.totp;
    showAccountSettings(state.user);
    $("totp-state").textContent = factors.totp ? "on" : "off";
    $("totp-start").hidden = factors.totp;
    $("totp-remove-form").hidden = !factors.totp;
    $("recovery-count").textContent = String(codes.remaining);
  } catch {
    // Shown as unknown: the user's own actions report their errors.
    $("totp-state").textContent = "unknown";
  } finally {
    busy(-1);
  }
}

function hideRecoveryCodes() {
  $("recovery-list").replaceChildren();
  $("recovery-shown").hidden = true;
}

function wireSecondFactors() {
  onClick("totp-start", async () => {
    const { secret, qrCode } = await auth.startTOTP();
    $("totp-qr").src = qrCode;
    $("totp-secret").textContent = secret;
    $("totp-enrol").hidden = false;
    $("totp-code").focus();
    showNotice("Scan the QR code, then confirm with a code from the app.");
  });

  onSubmit("totp-confirm-form", async ({ code }, form) => {
    setUser(await auth.confirmTOTP({ code }));
    form.reset();
    hideEnrolment();
    showNotice("Your authenticator app is a second factor now. Make recovery codes in case you lose it.");
  });

  onSubmit("totp-remove-form", async ({ code }, form) => {
    await auth.removeTOTP(code ? { code } : {});
    form.reset();
    showNotice("The authenticator app is removed.");
    await loadSecondFactors();
  });

  onClick("recovery-create", async () => {
    const { recoveryCodes } = await auth.createRecoveryCodes();
    $("recovery-list").replaceChildren(
      ...recoveryCodes.map((code) => {
        const li = document.createElement("li");
        li.textContent = code;
        return li;
      }),
    );
    $("recovery-shown").hidden = false;
    showNotice("New recovery codes: they are shown this once.");
    await loadSecondFactors();
  });

  onClick("recovery-copy", async () => {
    const codes = [...$("recovery-list").children].map((li) => li.textContent).join("\n");
    await navigator.clipboard.writeText(codes);
    showNotice("Recovery codes copied.");
  });
}

// ---- linked sign-in methods and the account -------------------------------

/**
 * @param {import("./client.js").Identity[] | null} identities
 * @param {string} [emptyText]
 */
function renderIdentities(identities, emptyText = "No provider is linked to this account.") {
  const list = $("identities-list");
  if (!fillList(list, identities, emptyText)) return;
  list.replaceChildren(
    ...identities.map((identity) => {
      const li = document.createElement("li");
      li.dataset.identityId = identity.$id;
      const info = document.createElement("div");
      info.className = "session-info";
      const title = document.createElement("strong");
      title.textContent = identity.provider;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [identity.providerEmail, `since ${formatDate(identity.$createdAt)}`].filter(Boolean).join(" · ");
      info.append(title, meta);
      const unlink = document.createElement("button");
      unlink.type = "button";
      unlink.id = `unlink-${identity.$id}`;
      unlink.className = "danger small";
      unlink.textContent = "Unlink";
      unlink.addEventListener("click", () =>
        run(unlink, async () => {
          await auth.unlinkIdentity(identity.$id);
          showNotice(`${identity.provider} is unlinked.`);
          await loadIdentities();
        }),
      );
      li.append(info, unlink);
      return li;
    }),
  );
}

/** Lists the linked identities; quiet loads report a failure in the list. */
async function loadIdentities({ quiet = false } = {}) {
  busy(+1);
  try {
    const { identities } = await auth.listIdentities();
    if (state.user) renderIdentities(identities);
  } catch (err) {
    if (!quiet) throw err;
    if (state.user) renderIdentities(null, `Could not list them: ${err.message}`);
  } finally {
    busy(-1);
  }
}

function wireAccount() {
  onClick("identities-refresh", () => loadIdentities());

  onClick("delete-code-send", async () => {
    if (!state.user?.email) throw new Error("This account has no e-mail address to send a code to.");
    await auth.startEmailCode({ email: state.user.email });
    $("delete-code").focus();
    showNotice(`A code was sent to ${state.user.email}.`);
  });

  onSubmit("delete-form", async ({ password, code }, form) => {
    await auth.deleteAccount(password ? { password } : code ? { code } : {});
    form.reset();
    showNotice("Your account is deleted, and every session with it.");
  });
}

// ---- start ----------------------------------------------------------------

/** Reads ./config.json: {"functionUrl": "...", "outboxUrl": "...", "consoleUrl": "..."}. */
async function loadConfig() {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`Could not load config.json (HTTP ${response.status}).`);
  return response.json();
}

/** Shows what the function's redirects put in the URL, then removes it. */
function showRedirectOutcome() {
  const params = new URLSearchParams(location.search);
  const error = params.get("error");
  if (error) {
    showError(new auth.AuthError(`Sign-in did not complete (${error}).`, { type: error, code: 0 }));
  } else if (params.get("verified") === "true") {
    showNotice("Your e-mail address is verified.");
  }
  // A magic link, GitHub or the verification link proved the address of
  // an account nobody had proven: it was replaced, with no password.
  if (!error && params.get("accountReset") === "true") accountWasReset("set-password");
  if (params.has("error") || params.has("verified") || params.has("accountReset")) {
    history.replaceState(null, "", appUrl() + location.hash);
  }
}

async function showHealth() {
  const el = $("health");
  try {
    const h = await auth.getHealth();
    const upstream = h.appwrite?.reachable ? `Appwrite ${h.appwrite.version} (${h.appwrite.latencyMs} ms)` : "Appwrite unreachable";
    el.textContent = `Health: ${h.status} · v${h.version} · ${upstream}`;
    el.dataset.state = h.status;
  } catch (err) {
    el.textContent = `Health: ${err.message}`;
    el.dataset.state = "error";
  }
}

async function start() {
  auth.onChange(showChange);
  wire();
  busy(+1);
  try {
    const config = await loadConfig();
    auth.configure({ baseUrl: config.functionUrl || "" });
    $("function-url").textContent = config.functionUrl || location.origin;
    if (/^https?:\/\//.test(config.outboxUrl || "")) {
      $("outbox-link").href = config.outboxUrl;
      $("outbox-hint").hidden = false;
    }
    if (/^https?:\/\//.test(config.consoleUrl || "")) {
      state.consoleUrl = config.consoleUrl;
      $("console-link").href = config.consoleUrl + "#inbox";
      $("dev-hint-link").href = config.consoleUrl + "#counters";
    }
    showRedirectOutcome();
    await Promise.all([refreshStatus(), showHealth()]);
  } catch (err) {
    if ($("status").dataset.state === "loading") setStatus("offline", "Status unknown");
    showError(err);
  } finally {
    busy(-1);
  }
}

start();
