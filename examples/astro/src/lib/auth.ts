// The auth function, as the server sees it. AUTH_URL is read from the
// process at run time, so one build runs against any function.
import { createServerClient } from "@appwrite-cookie-auth/web/server";

/** The function's URL: AUTH_URL, or the dev runtime's default. */
export const authUrl = () => process.env.AUTH_URL || "http://localhost:3000";

/**
 * The server helper. SESSION_COOKIE_NAME, when the function sets one, makes
 * it forward exactly that cookie; by default it forwards a_session_* only.
 */
export const authServer = () =>
  createServerClient({ baseUrl: authUrl(), cookieName: process.env.SESSION_COOKIE_NAME || undefined });
