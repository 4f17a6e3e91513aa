// The dev console. No framework, no build: it polls ./api/state and
// renders it; every button calls the console's API and polls again.
//
// For tests driving the page: body has data-loaded once the first state is
// shown and data-busy while a call runs; #inbox li has data-kind and
// data-to, its link is a.link and its code .code; #users article has
// data-user-id, data-email and data-blocked, each session li has
// data-session-id; #counters tbody tr has data-key, data-kind, data-label
// and data-locked; every action button has data-action.

const api = "./api/";
const pollEvery = 1500;

const $ = (id) => document.getElementById(id);

/** Builds an element: el("li", {className: "x", dataset: {k: "v"}}, child, "text"). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Writes a window in the largest whole unit: "15 min", "1 h", "90 s". */
function formatWindow(seconds) {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

// ---- calls ------------------------------------------------------------------

let pending = 0;

/** Calls the console's API; a 204 resolves to null. */
async function call(method, path) {
  pending++;
  document.body.dataset.busy = "true";
  try {
    const response = await fetch(api + path, { method, cache: "no-store" });
    if (response.status === 204) return null;
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  } finally {
    if (--pending === 0) delete document.body.dataset.busy;
  }
}

/** Runs an action from a button, then shows the new state. */
async function act(button, method, path) {
  button.disabled = true;
  try {
    await call(method, path);
    showError("");
    await refresh();
  } catch (err) {
    showError(`${button.textContent}: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

/** A button that asks once more before it acts ("Delete" → "Really delete?"). */
function confirmButton(button, question, action) {
  const label = button.textContent;
  let armed = null;
  button.addEventListener("click", () => {
    if (armed) {
      clearTimeout(armed);
      armed = null;
      button.textContent = label;
      action();
      return;
    }
    button.textContent = question;
    armed = setTimeout(() => {
      armed = null;
      button.textContent = label;
    }, 4000);
  });
}

// ---- rendering ----------------------------------------------------------------

let last = "";

async function refresh() {
  const state = await call("GET", "state");
  const json = JSON.stringify({ ...state, now: undefined });
  if (json !== last) {
    last = json;
    render(state);
  }
  document.body.dataset.loaded = "true";
}

function render(state) {
  renderInfo(state.info);
  renderInbox(state.inbox);
  renderUsers(state.users);
  renderCounters(state.counters, state.info);
}

function renderInfo(info) {
  $("info-function").textContent = info.function;
  $("openapi-link").href = info.openapi;
  $("health-link").href = info.health;
  if (info.app) {
    $("app-link").href = info.app;
    $("app-link").hidden = false;
  }
  $("info-appwrite").textContent = info.emulator
    ? `the embedded emulator, ${info.emulator}, behaving as Appwrite ${info.emulates}`
    : `${info.appwrite} (a real Appwrite: its users and e-mail are in Appwrite's Console)`;
  $("info-state").textContent = info.state;
  $("info-origins").textContent = info.allowedOrigins.join(", ") || "none";
  const b = info.budgets;
  $("budgets").textContent =
    `Per ${formatWindow(b.windowSeconds)}: ${b.perIp} attempts from one address, ${b.perIpAccount} failures from one address on one account, ` +
    `${b.perAccount} failures on one account (addresses that signed in as it within ${b.trustedForHours} h are exempt). ` +
    "A locked counter refuses the next attempt with 429 until its window ends, or until you reset it here.";
}

function renderInbox(inbox) {
  const list = $("inbox");
  if (inbox === null) {
    $("inbox-count").textContent = "";
    list.replaceChildren(el("li", { className: "empty" }, "A real Appwrite sends real e-mail."));
    return;
  }
  $("inbox-count").textContent = `${inbox.length} message${inbox.length === 1 ? "" : "s"}`;
  if (inbox.length === 0) {
    list.replaceChildren(el("li", { className: "empty" }, "No e-mail yet. Magic links, codes, recovery and verification e-mails land here."));
    return;
  }
  list.replaceChildren(
    ...inbox.map((m) => {
      const head = el("div", { className: "message-head" },
        el("span", { className: `kind kind-${m.kind}` }, m.kind),
        el("span", { className: "to" }, `to ${m.to}`),
        el("time", { className: "meta", dateTime: m.time }, formatTime(m.time)));
      const body = [];
      if (/^https?:\/\//.test(m.link)) {
        body.push(el("a", { className: "link", href: m.link, rel: "noreferrer" }, m.link));
      }
      if (m.code) {
        const copy = el("button", { type: "button", className: "secondary small", dataset: { action: "copy" } }, "Copy");
        copy.addEventListener("click", async () => {
          try {
            await navigator.clipboard.writeText(m.code);
            copy.textContent = "Copied";
          } catch {
            copy.textContent = "Select it";
          }
        });
        body.push(el("div", { className: "code-row" }, el("code", { className: "code" }, m.code), copy));
      }
      return el("li", { className: "message", dataset: { kind: m.kind, to: m.to } }, head, ...body);
    }),
  );
}

function badge(text, kind) {
  return el("span", { className: `badge badge-${kind}` }, text);
}

function renderUsers(users) {
  const box = $("users");
  if (users === null) {
    $("users-count").textContent = "";
    box.replaceChildren(el("p", { className: "empty" }, "The users are in your Appwrite project: see its Console."));
    return;
  }
  $("users-count").textContent = `${users.length} user${users.length === 1 ? "" : "s"}`;
  if (users.length === 0) {
    box.replaceChildren(el("p", { className: "empty" }, "No users yet. Sign up in the demo app."));
    return;
  }
  box.replaceChildren(...users.map(renderUser));
}

function renderUser(u) {
  const title = u.guest ? "Guest" : u.email;
  const badges = el("span", { className: "badges" },
    u.guest ? badge("guest", "muted") : badge(u.emailVerification ? "verified" : "not verified", u.emailVerification ? "ok" : "muted"),
    u.mfa ? badge(u.emailVerification ? "MFA on" : "MFA on, inactive until verified", u.emailVerification ? "ok" : "warn") : null,
    u.blocked ? badge("blocked", "bad") : null,
    ...u.providers.map((p) => badge(p, "muted")));
  const block = el("button", { type: "button", className: "secondary small", dataset: { action: u.blocked ? "unblock" : "block" } },
    u.blocked ? "Unblock" : "Block");
  block.addEventListener("click", () => act(block, "POST", `users/${encodeURIComponent(u.id)}/${u.blocked ? "unblock" : "block"}`));
  const remove = el("button", { type: "button", className: "danger small", dataset: { action: "delete" } }, "Delete");
  confirmButton(remove, "Really delete?", () => act(remove, "DELETE", `users/${encodeURIComponent(u.id)}`));

  const sessions = u.sessions.length === 0
    ? el("p", { className: "empty" }, "No sessions.")
    : el("ul", { className: "sessions" }, ...u.sessions.map((s) => renderSession(u, s)));
  return el("article", { className: "user", dataset: { userId: u.id, email: u.email, blocked: String(u.blocked) } },
    el("div", { className: "user-head" },
      el("div", { className: "who" }, el("strong", {}, title), u.name ? el("span", { className: "name" }, u.name) : null, badges),
      el("div", { className: "actions" }, block, remove)),
    el("p", { className: "meta" }, `created ${formatTime(u.createdAt)} · ${u.id}`),
    sessions);
}

function renderSession(u, s) {
  const what = [s.client || "unknown client", s.os ? `on ${s.os}` : ""].filter(Boolean).join(" ");
  const meta = [s.provider, s.ip, `since ${formatTime(s.createdAt)}`, s.expired ? "expired" : `until ${formatTime(s.expire)}`]
    .filter(Boolean).join(" · ");
  const revoke = el("button", { type: "button", className: "danger small", dataset: { action: "revoke" } }, "Revoke");
  revoke.addEventListener("click", () =>
    act(revoke, "DELETE", `users/${encodeURIComponent(u.id)}/sessions/${encodeURIComponent(s.id)}`));
  return el("li", { dataset: { sessionId: s.id } },
    el("div", { className: "session-info" }, el("span", {}, what), el("span", { className: "meta" }, meta)),
    revoke);
}

const kindNames = {
  ip: "attempts from an address",
  "ip+account": "failures from an address on an account",
  account: "failures on an account",
  trust: "trusted address (signed in)",
};

/** What a counter counts: the mail budgets are accounts named "mail:…". */
function kindName(c) {
  const mail = c.label.startsWith("e-mails to ");
  if (mail && c.kind === "account") return "e-mails sent to an address";
  if (mail && c.kind === "ip+account") return "e-mails an address asked for";
  return kindNames[c.kind] || c.kind;
}

function renderCounters(counters, info) {
  const body = $("counters").querySelector("tbody");
  $("reset-counters").hidden = counters === null;
  if (counters === null) {
    body.replaceChildren(el("tr", {}, el("td", { colSpan: 5, className: "empty" },
      `The counters are in Appwrite's database (RATE_LIMIT_STORE=${info.rateLimitStore}); "Reset everything" empties the emulator's table.`)));
    return;
  }
  if (counters.length === 0) {
    body.replaceChildren(el("tr", {}, el("td", { colSpan: 5, className: "empty" }, "No counters: nobody has tried to sign in in this window.")));
    return;
  }
  body.replaceChildren(
    ...counters.map((c) => {
      const reset = el("button", { type: "button", className: "secondary small", dataset: { action: "reset-counter" } }, "Reset");
      reset.addEventListener("click", () => act(reset, "DELETE", `counters/${encodeURIComponent(c.key)}`));
      const count = c.limit ? `${c.count} / ${c.limit}` : String(c.count);
      return el("tr", { dataset: { key: c.key, kind: c.kind, label: c.label, locked: String(c.locked) } },
        el("td", {}, el("span", {}, c.label || "(not seen by this dev runtime)"), el("code", { className: "meta key" }, c.key)),
        el("td", {}, kindName(c)),
        el("td", { className: c.locked ? "locked" : "" }, count, c.locked ? el("span", { className: "badge badge-bad" }, "locked") : null),
        el("td", {}, formatTime(c.resetAt)),
        el("td", {}, reset));
    }),
  );
}

// ---- start ------------------------------------------------------------------

confirmButton($("reset-all"), "Really reset everything?", () => act($("reset-all"), "POST", "reset"));
$("reset-counters").addEventListener("click", () => act($("reset-counters"), "DELETE", "counters"));

async function poll() {
  try {
    await refresh();
    if ($("error").dataset.poll) showError("");
    delete $("error").dataset.poll;
  } catch (err) {
    showError(`The dev runtime did not answer (${err.message}). Is it still running?`);
    $("error").dataset.poll = "true";
  }
  setTimeout(poll, pollEvery);
}

poll();
