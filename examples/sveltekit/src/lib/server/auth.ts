// The auth function, as the server sees it. AUTH_URL is read at run time
// ($env/dynamic), so one build runs against any function.
import { env } from "$env/dynamic/private";
import { createServerClient } from "@appwrite-cookie-auth/web/server";

/** The function's URL: AUTH_URL, or the dev runtime's default. */
export const authUrl = () => env.AUTH_URL || "http://localhost:3000";

/**
 * The server helper. SESSION_COOKIE_NAME, when the function sets one, makes
 * it forward exactly that cookie; by default it forwards a_session_* only.
 */
export const authServer = () =>
  createServerClient({ baseUrl: authUrl(), cookieName: env.SESSION_COOKIE_NAME || undefined });
