// Mistakes the package's types must refuse under tsc --strict, one a line,
// each marked at its end with `//!` and the error tsc gives it. Above them,
// the same calls done right, which must compile: so a mistake fails for
// being a mistake, not because the API broke. type-mistakes.test.mjs
// compiles this file once and checks, line by line, that exactly the
// marked lines fail, each with its code. Not part of the package.

import {
  AuthError, createClient, getMe, getUser, updateMe, updateProfile, signIn, signUp, verifySignUp, setMFA, createMFAChallenge,
  deleteSessions, createJWT, startOAuth2, verifyMFAChallenge, confirmRecovery, isSignedOut, onChange, getHealth,
  unlinkIdentity, type User, type RequestBody,
} from "../client.js";
import { getUser as getServerUser, createServerClient } from "../server.js";

declare const user: User;
declare const err: AuthError;
interface MyPrefs { theme: "dark" | "light" }
declare const mine: User<MyPrefs>;
const auth = createClient({ baseUrl: "https://auth.example.com" });

// ---- done right: every line compiles ----------------------------------------
const anyPref: unknown = user.prefs.anything;
const theme: "dark" | "light" = mine.prefs.theme;
const prefsAsRead = getMe<MyPrefs>().then((u) => u.prefs.theme satisfies "dark" | "light");
updateMe({ name: "Ada" });
updateMe({ prefs: { theme: "dark" } });
updateMe({ name: "Ada", prefs: {} });
updateMe<MyPrefs>({ prefs: { theme: "dark" } });
updateProfile({ name: "Ada" });
auth.updateMe({ name: "Ada" });
signIn({ email: "a@example.com", password: "pw" });
signIn({ email: "a@example.com", password: "pw" }).then((r) => (r.mfaRequired ? r.factors : r.email));
signUp({ email: "a@example.com", password: "12345678" });
signUp({ email: "a@example.com", password: "12345678" }).then((r) => (r.verification === "code" ? r.userId : r.email));
verifySignUp({ userId: "u", code: "123456", password: "12345678", name: "Ada" });
verifySignUp({ userId: "u", code: "123456", password: "12345678" }).then((r) => (r.mfaRequired ? r.factors : r.accountReset === true));
confirmRecovery({ userId: "u", secret: "s", password: "pw" }).then((r) => r.accountReset === true);
setMFA({ enabled: true });
createMFAChallenge({ factor: "totp" });
deleteSessions("others");
createJWT({ duration: 60 });
startOAuth2("github", { redirect: "https://app.example.com/" });
verifyMFAChallenge({ challengeId: "c", otp: "123456" });
confirmRecovery({ userId: "u", secret: "s", password: "pw" });
getUser().then((u) => u?.email);
getUser<MyPrefs>().then((u) => u?.prefs.theme);
const stopRight: () => void = onChange(({ user, error }) => user?.email ?? error?.type);
const signedOut: boolean = isSignedOut(err);
if (err.type === "user_invalid_credentials") stopRight();
const status: number = err.code;
getHealth();
unlinkIdentity("i1");
getServerUser("a_session_x=1", { baseUrl: "https://auth.example.com" });
createServerClient({ baseUrl: "https://auth.example.com" });
new AuthError("m", { type: "network_error", code: 0 });
const body: RequestBody<"signIn"> = { email: "a@example.com", password: "pw" };

// ---- mistakes: every line fails -----------------------------------------------
updateProfile("hello"); //! TS2345
updateMe("hello"); //! TS2345
auth.updateMe("hello"); //! TS2345
updateMe({}); //! TS2345
updateMe({ name: 42 }); //! TS2322
updateMe({ name: "Ada", nickname: "A" }); //! TS2353
updateMe({ prefs: "dark" }); //! TS2322
updateMe<MyPrefs>({ prefs: { theme: "blue" } }); //! TS2322
const n: number = user.prefs.anything; //! TS2322
const t: number = mine.prefs.theme; //! TS2322
getMe<MyPrefs>().then((u) => u.prefs.colour); //! TS2339
getMe().then((u) => u.emial); //! TS2551
signIn({ email: "a@example.com" }); //! TS2345
signIn({ email: "a@example.com", password: "pw", remember: true }); //! TS2353
signIn("a@example.com", "pw"); //! TS2554
signIn({ email: "a@example.com", password: "pw" }).then((r) => r.email); //! TS2339
signUp({ email: "a@example.com", password: 12345678 }); //! TS2322
signUp({ email: "a@example.com", password: "12345678" }).then((r) => r.email); //! TS2339
signUp({ email: "a@example.com", password: "12345678" }).then((r) => (r.verification === "code" ? r.email : r.userId)); //! TS2339
verifySignUp({ userId: "u", code: "123456" }); //! TS2345
verifySignUp({ userId: "u", code: 123456, password: "12345678" }); //! TS2322
verifySignUp({ userId: "u", code: "123456", password: "12345678" }).then((r) => r.email); //! TS2339
confirmRecovery({ userId: "u", secret: "s", password: "pw" }).then((r) => r.accountReset === false); //! TS2367
setMFA({ enabled: "yes" }); //! TS2322
createMFAChallenge({ factor: "sms" }); //! TS2322
deleteSessions("everyone"); //! TS2345
createJWT({ duration: "60" }); //! TS2322
startOAuth2("github"); //! TS2554
startOAuth2("github", { redirect: "https://app.example.com/", scopes: ["repo"] }); //! TS2353
verifyMFAChallenge({ challengeId: "c" }); //! TS2345
confirmRecovery({ userId: "u", secret: "s" }); //! TS2345
getUser().then((u) => u.email); //! TS18047
onChange(({ user }) => user.email); //! TS18047
onChange((change) => change.error.type); //! TS18048
const stop: boolean = onChange(() => {}); //! TS2322
isSignedOut(); //! TS2554
if (err.type === "user_invalid_credential") stopRight(); //! TS2367
const code: string = err.code; //! TS2322
getHealth({}); //! TS2554
unlinkIdentity(); //! TS2554
getServerUser("a_session_x=1"); //! TS2554
createServerClient({}); //! TS2345
createClient({ baseUrl: 1 }); //! TS2322
new AuthError("m", { type: "not_a_type", code: 0 }); //! TS2322
const wrongBody: RequestBody<"signIn"> = { email: "a@example.com" }; //! TS2741

export { anyPref, theme, prefsAsRead, signedOut, status, body, n, t, stop, code, wrongBody };
