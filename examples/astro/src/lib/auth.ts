// The auth function, as the server sees it. AUTH_URL is read from the
// process at run time, so one build runs against any function.
import { createServerClient, type ServerClient } from "@appwrite-cookie-auth/web/server";

/** The function's URL: AUTH_URL, or the dev runtime's default. */
export const authUrl = () => process.env.AUTH_URL || "http://localhost:3000";

let server: ServerClient | undefined;

/**
 * The server helper, made on first use. SESSION_COOKIE_NAME, when the
 * function sets one, makes it forward exactly that cookie; by default it
 * forwards a_session_* only. It holds no cookie: each call takes the
 * request's.
 */
export const authServer = () =>
  (server ??= createServerClient({ baseUrl: authUrl(), cookieName: process.env.SESSION_COOKIE_NAME || undefined }));
