import { expect, test } from "@playwright/test";
import { ADMIN, JEDDAH, RIYADH, uniq } from "./support/demo";
import { openDashboard, openSection, snap, switchLab } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test("an invited person sets a password and lands in the lab", async ({ page, browser }) => {
  await openDashboard(page);
  await switchLab(page, JEDDAH);
  await openSection(page, "Members");

  const email = `new-${uniq()}@example.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("LAB_STAFF");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText("It won't be shown again")).toBeVisible();
  const link = await page.getByLabel("Invitation link").inputValue();
  await snap(page, "invite-link");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("region", { name: "Pending invitations" })).toContainText(email);

  // The invitee uses the link in a browser of their own, signed out.
  const invitee = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByText(JEDDAH)).toBeVisible();
  await expect(inviteePage.getByText(email)).toBeVisible();
  await inviteePage.getByLabel("Your name").fill("Nadia Newcomer");
  await inviteePage.getByLabel("Password", { exact: true }).fill("a-long-password-1");
  await inviteePage.getByLabel("Confirm password").fill("a-different-one-2");
  await inviteePage.getByRole("button", { name: "Create account and open the lab" }).click();
  await expect(inviteePage.getByLabel("Confirm password")).toHaveAccessibleDescription("Passwords do not match.");
  await snap(inviteePage, "invite-mismatch");
  await inviteePage.getByLabel("Confirm password").fill("a-long-password-1");
  await inviteePage.getByRole("button", { name: "Create account and open the lab" }).click();
  await expect(inviteePage).toHaveURL(/\/labs\/[^/]+\/settings$/);
  await expect(inviteePage.getByLabel("Lab", { exact: true }).locator("option:checked")).toHaveText(JEDDAH);
  await snap(inviteePage, "invitee-landed");
  await invitee.close();

  await page.reload();
  await expect(page.getByRole("region", { name: "Members", exact: true })).toContainText(email);
  await expect(page.getByRole("region", { name: "Pending invitations" })).not.toContainText(email);

  // Inviting someone who already has an account gives access at once, with no link.
  await switchLab(page, RIYADH);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Member added" })).toContainText(`${email} already had a Herald account`);
  await snap(page, "member-added");
});

test("a pending invitation can be revoked", async ({ page }) => {
  await openDashboard(page);
  await switchLab(page, RIYADH);
  await openSection(page, "Members");
  const email = `revoke-${uniq()}@example.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Invite" }).click();
  await page.getByRole("button", { name: "Done" }).click();

  const pending = page.getByRole("region", { name: "Pending invitations" });
  await pending.getByRole("button", { name: `Revoke invitation for ${email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(pending).not.toContainText(email);
  await snap(page, "invitation-revoked");
});
