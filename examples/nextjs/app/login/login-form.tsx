"use client";

// Sign-up (its e-mailed code, then the account), sign-in and GitHub with
// the browser client. The function sets its httpOnly session cookie; the
// page then loads /account, whose server render sees that cookie.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { createClient, AuthError } from "@appwrite-cookie-auth/web";

type Outcome = "signed-in" | "code";

export function LoginForm({ functionUrl }: { functionUrl: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  // A sign-up waiting for the code the function e-mailed: verifySignUp
  // sends the password with it, so it is kept until then.
  const [pending, setPending] = useState<{ userId: string; email: string; password: string } | null>(null);
  // The buttons stay disabled until React runs here: a form sent before
  // that would go to the app as a plain GET, password in the URL.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const auth = useMemo(() => createClient({ baseUrl: functionUrl, timeout: 15_000 }), [functionUrl]);

  // An action resolves to "signed-in" (then /account is loaded) or "code"
  // (the sign-up waits for its code).
  async function submit(event: FormEvent<HTMLFormElement>, action: (form: FormData) => Promise<Outcome>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError("");
    try {
      if ((await action(form)) === "signed-in") {
        window.location.assign("/account");
        return;
      }
    } catch (err) {
      setError(err instanceof AuthError ? err.message : String(err));
    }
    setBusy(false);
  }

  const signUp = async (form: FormData): Promise<Outcome> => {
    const email = String(form.get("email")), password = String(form.get("password"));
    const result = await auth.signUp({ email, password });
    // SIGNUP_VERIFICATION=off answers the signed-in user at once.
    if (result.verification !== "code") return "signed-in";
    setPending({ userId: result.userId, email, password });
    return "code";
  };
  const verifySignUp = async (form: FormData): Promise<Outcome> => {
    if (!pending) throw new Error("Sign up first.");
    const result = await auth.verifySignUp({ userId: pending.userId, code: String(form.get("code")), password: pending.password });
    if (result.mfaRequired) throw new Error(`This account needs a second factor (${result.factors.join(", ")}).`);
    return "signed-in";
  };
  const signIn = async (form: FormData): Promise<Outcome> => {
    const result = await auth.signIn({ email: String(form.get("email")), password: String(form.get("password")) });
    if (result.mfaRequired) throw new Error(`This account needs a second factor (${result.factors.join(", ")}).`);
    return "signed-in";
  };
  const github = () =>
    auth.startOAuth2("github", {
      redirect: `${window.location.origin}/account`,
      failure: `${window.location.origin}/login`,
    });

  return (
    <div data-busy={busy || undefined}>
      <p id="error" role="alert" hidden={!error}>{error}</p>
      <form id="signup-form" onSubmit={(e) => submit(e, signUp)}>
        <h2>Create an account</h2>
        <input id="signup-email" name="email" type="email" placeholder="E-mail" autoComplete="email" required />
        <input id="signup-password" name="password" type="password" placeholder="Password (8+ characters)" autoComplete="new-password" minLength={8} required />
        <button id="signup-submit" type="submit" disabled={!ready || busy}>Sign up</button>
      </form>
      <form id="signup-verify-form" onSubmit={(e) => submit(e, verifySignUp)} hidden={!pending}>
        <p id="signup-sent">A code was sent to {pending?.email}: enter it to create your account.</p>
        <input id="signup-code" name="code" inputMode="numeric" placeholder="Six-digit code" autoComplete="one-time-code" required />
        <button id="signup-verify-submit" type="submit" disabled={!ready || busy}>Create account</button>
      </form>
      <form id="signin-form" onSubmit={(e) => submit(e, signIn)}>
        <h2>Sign in</h2>
        <input id="signin-email" name="email" type="email" placeholder="E-mail" autoComplete="email" required />
        <input id="signin-password" name="password" type="password" placeholder="Password" autoComplete="current-password" required />
        <button id="signin-submit" type="submit" disabled={!ready || busy}>Sign in</button>
      </form>
      <button id="oauth-github" type="button" onClick={github} disabled={!ready || busy}>Continue with GitHub</button>
    </div>
  );
}
