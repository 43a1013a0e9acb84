/** Submits a comparison of a pasted Dockerfile through the HTTP API and returns its id. */
export async function submitDockerfile(url: string, token: string | undefined, dockerfile: string, strategies: object[]): Promise<string> {
  const form = new FormData();
  form.set("dockerfile", dockerfile);
  form.set("strategies", JSON.stringify(strategies));

  const response = await fetch(`${url}/api/comparisons`, {
    method: "POST",
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = (await response.json()) as { id?: string; error?: { message: string } };
  if (response.status !== 201 || !body.id) throw new Error(`Submitting failed with ${response.status}: ${JSON.stringify(body)}`);
  return body.id;
}
