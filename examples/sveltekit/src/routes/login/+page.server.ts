import type { PageServerLoad } from "./$types";
import { authUrl } from "$lib/server/auth";

// The browser client needs the function's URL, read when the app runs.
export const load: PageServerLoad = () => ({ functionUrl: authUrl() });
