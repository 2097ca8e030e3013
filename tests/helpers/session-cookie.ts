import { auth } from "@/server/auth/auth";

/** Signs in through better-auth's own endpoint and returns the Cookie header a browser would then send. */
export async function sessionCookie(email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await auth().api.signInEmail({ body: { email, password }, headers: new Headers(headers), asResponse: true });
  if (!response.ok) throw new Error(`sign-in of ${email} failed with ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";", 1)[0]!)
    .join("; ");
}
