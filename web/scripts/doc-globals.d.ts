// The names the READMEs' code examples use without defining them, so that
// `npm run check` can compile every example under tsc --strict. Each
// stands for what the prose around the example says it is. (`name` is
// lib.dom's window.name.)

/** The function's URL, "https://auth.example.com". */
declare const F: string;
declare const email: string;
declare const password: string;
declare const newPassword: string;
declare const oldPassword: string;
declare const newEmail: string;
/** A session's ID, from listSessions. */
declare const id: string;
/** From the recovery link's query: ?userId=…&secret=… */
declare const userId: string;
declare const secret: string;
/** The app's own way of showing an error message. */
declare function showError(message: string): void;
