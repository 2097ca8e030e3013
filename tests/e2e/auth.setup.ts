import { test as setup } from "@playwright/test";
import { ADMIN, STAFF } from "./support/demo";
import { signIn } from "./support/pages";

// Each role signs in once per run; the tests reuse the session. Besides being
// faster, this keeps the suite under better-auth's sign-in rate limit.
for (const user of [ADMIN, STAFF]) {
  setup(`sign in as ${user.email}`, async ({ page }) => {
    await signIn(page, user);
    await page.context().storageState({ path: user.storageState });
  });
}
