// A Node test's setup against a local Auth0 tenant: start `credtui emulator`, read its
// ready line, get a Management API token, call the API, use a control, stop it.
// Run: node examples/local_tenant.mjs   (CREDTUI names the credtui command if not on PATH)
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import assert from "node:assert/strict";

const tenant = spawn(process.env.CREDTUI ?? "credtui",
  ["emulator", "--seed", "empty", "--rate-limit", "off"], { stdio: ["ignore", "pipe", "inherit"] });
const ready = JSON.parse(await new Promise((resolve) =>
  createInterface({ input: tenant.stdout }).once("line", resolve)));
// {"base_url": "http://127.0.0.1:PORT", "client_id", "client_secret", "control_token"}

try {
  const token = await fetch(`${ready.base_url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials", client_id: ready.client_id,
      client_secret: ready.client_secret, audience: `${ready.base_url}/api/v2/`,
    }),
  }).then((r) => r.json());
  const api = (path, init = {}) => fetch(`${ready.base_url}/api/v2${path}`, {
    ...init, headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
  });

  const created = await api("/clients", { method: "POST", body: JSON.stringify({ name: "Billing worker" }) });
  assert.equal(created.status, 201);
  const listed = await api("/clients?is_global=false").then((r) => r.json());
  assert.ok(listed.some((c) => c.name === "Billing worker"));

  // A control (X-Emulator-Token): the next matching request fails with 503.
  await fetch(`${ready.base_url}/__emulator/faults`, {
    method: "POST",
    headers: { "x-emulator-token": ready.control_token, "content-type": "application/json" },
    body: JSON.stringify({ method: "GET", path: "/api/v2/clients", status: 503 }),
  });
  assert.equal((await api("/clients")).status, 503);
  console.log("ok");
} finally {
  tenant.kill("SIGTERM");
}
