import { redirect } from "@sveltejs/kit";
import type { PageServerLoad } from "./$types";
import { authUrl } from "$lib/server/auth";

// hooks.server.ts already redirected signed-out visitors (and asked once:
// getUser answers again without a call); the check here keeps the page
// safe (and typed) on its own.
export const load: PageServerLoad = async ({ locals }) => {
  const user = await locals.getUser();
  if (user === null) redirect(303, "/login");
  return { email: user.email, functionUrl: authUrl() };
};
