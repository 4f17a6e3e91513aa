declare namespace App {
  interface Locals {
    /** The signed-in user, from src/middleware.ts; null when signed out. */
    user: import("@appwrite-cookie-auth/web").User | null;
  }
}
