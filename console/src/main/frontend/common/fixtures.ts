import type { DeployView, DeploymentCard, EnvironmentCell } from "./api";

// A view as cdp console answers it (shapes of docs/console-openapi.yaml), for the specs.

export function card(number: number, result: DeploymentCard["result"] = "SUCCEEDED", revision = "r1"): DeploymentCard {
  return {
    number, digest: "sha256:" + "4f3c2b1a".repeat(8), shortDigest: "4f3c2b1a4f3c", revision, kind: "PROMOTION",
    result, trigger: "MANUAL", requestedBy: "alice", approvedBy: null, buildReference: "", startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(), message: "",
  };
}

export function cell(environment: string, overrides: Partial<EnvironmentCell> = {}): EnvironmentCell {
  return {
    environment, running: null, lastAttempt: null,
    next: { status: "NOTHING_TO_PROMOTE", source: null, revision: null, digest: null,
      configuration: { added: [], changed: [], removed: [] }, gates: [], refusal: "cart runs in none of dev yet", approval: null },
    ...overrides,
  };
}

export function view(cells: EnvironmentCell[]): DeployView {
  return {
    project: "shop", pipeline: "standard", pipelines: ["standard", "hotfix"],
    diagram: {
      environments: [
        { name: "dev", displayName: "Development", production: false, dataPlane: "local", depth: 0, approvalRequired: false, approvers: [], minimumSoakMinutes: 0 },
        { name: "staging", displayName: "Staging", production: false, dataPlane: "local", depth: 1, approvalRequired: false, approvers: [], minimumSoakMinutes: 0 },
        { name: "production", displayName: "Production", production: true, dataPlane: "local", depth: 2, approvalRequired: true, approvers: ["release-managers"], minimumSoakMinutes: 60 },
      ],
      paths: [{ from: "dev", to: "staging" }, { from: "staging", to: "production" }],
    },
    components: [{ component: "cart", environments: cells, releases: [] }],
  };
}

/** A fetch that answers each path with the JSON a handler returns, and keeps the requests it was sent. */
export function fakeFetch(handler: (path: string, init?: RequestInit) => { status: number; body: unknown; etag?: string }) {
  const requests: { path: string; init?: RequestInit }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    requests.push({ path, init });
    const { status, body, etag } = handler(path, init);
    return new Response(status === 304 ? null : JSON.stringify(body), {
      status, headers: etag ? { ETag: etag, "Content-Type": "application/json" } : { "Content-Type": "application/json" },
    });
  };
  return { fetch, requests };
}
