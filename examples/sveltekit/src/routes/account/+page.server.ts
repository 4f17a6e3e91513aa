import { redirect } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";
import { authUrl } from "$lib/server/auth";

// hooks.server.ts already redirected signed-out visitors; the check here
// keeps the page safe (and typed) on its own.
export const load: PageServerLoad = ({ locals }) => {
  if (locals.user === null) redirect(303, "/login");
  return { email: locals.user.email, functionUrl: authUrl() };
};
