// The auth function, as the server sees it. AUTH_URL is read at run time,
// so one build runs against any function (the e2e tests start one on a
// free port); the login page hands it to the browser client.
import { cache } from "react";
import { headers } from "next/headers";
import { createServerClient, type ServerClient } from "@appwrite-cookie-auth/web/server";

/** The function's URL: AUTH_URL, or the dev runtime's default. */
export function authUrl(): string {
  return process.env.AUTH_URL || "http://localhost:3000";
}

let server: ServerClient | undefined;

/**
 * The server helper, made on first use. SESSION_COOKIE_NAME, when the
 * function sets one, makes it forward exactly that cookie; by default it
 * forwards a_session_* only. It holds no cookie: each call takes the
 * request's.
 */
export function authServer(): ServerClient {
  return (server ??= createServerClient({ baseUrl: authUrl(), cookieName: process.env.SESSION_COOKIE_NAME || undefined }));
}

/**
 * The signed-in user of this request, or null; asked once per render
 * however many components call it. It throws when the function cannot
 * say, which shows the error page rather than a signed-out one.
 */
export const currentUser = cache(async () => authServer().getUser((await headers()).get("cookie")));
