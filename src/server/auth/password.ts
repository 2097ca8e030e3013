// better-auth hashes with scrypt (memory-hard) through node:crypto; Herald uses
// the same functions wherever it sets a password outside a sign-in flow.
export { hashPassword, verifyPassword } from "better-auth/crypto";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
