import { expect, test } from "@playwright/test";

// A pasted Dockerfile with mistakes is rejected before anything is stored or built, and the form
// lists each problem with its line number beside the Run button.

test("pasted Dockerfile problems show by line", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("My own Dockerfile and context").check();
  await page.getByLabel("Dockerfile", { exact: true }).fill("FROM localhost:5000/buildlab/busybox:lab\nRUN echo ready\nCOPPY . /app\n");
  const socket = page.getByTestId("strategy-socket");
  await expect(socket).toHaveAttribute("data-available", "true");
  await socket.getByRole("checkbox", { name: "Host Docker socket" }).check();

  await page.getByRole("button", { name: "Run" }).click();

  const alert = page.getByTestId("api-error");
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute("data-code", "invalid_dockerfile");
  const problems = alert.getByTestId("dockerfile-problem");
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toHaveAttribute("data-line", "3");
  await expect(problems.first()).toContainText("Line 3:");
  await expect(page).toHaveURL(/\/$/);
});
