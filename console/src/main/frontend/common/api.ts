// The console API's answers, as core's view records write them (docs/console-openapi.yaml), and a client for them.

export type Status = "READY" | "GATED" | "REFUSED" | "UP_TO_DATE" | "NOTHING_TO_PROMOTE";

export interface DeploymentCard {
  number: number;
  digest: string;
  shortDigest: string;
  revision: string;
  kind: "PROMOTION" | "ROLLBACK" | "RETIREMENT";
  result: "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "ABANDONED";
  trigger: "MANUAL" | "AUTOMATIC";
  requestedBy: string;
  approvedBy: string | null;
  buildReference: string;
  startedAt: string;
  finishedAt: string | null;
  message: string;
}

export interface ConfigurationDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface Gate {
  kind: "SOAK" | "APPROVAL";
  words: string;
  remaining: string | null;
  approvers: string[];
}

export interface ApprovalCard {
  id: number;
  environment: string;
  revision: string;
  shortDigest: string;
  requestedBy: string;
  requestedAt: string;
}

/** A request that waits, as this user may act on it. */
export interface ApprovalItem {
  approval: ApprovalCard;
  component: string;
  mayDecide: boolean;
  whyNot: string | null;
  mayWithdraw: boolean;
}

export interface ApprovalOutcome {
  approval: ApprovalCard;
  decision: string;
  deployment: DeploymentCard | null;
  refused: string | null;
}

export interface IncomingPromotion {
  status: Status;
  source: string | null;
  revision: string | null;
  digest: string | null;
  configuration: ConfigurationDiff;
  gates: Gate[];
  refusal: string | null;
  approval: ApprovalCard | null;
}

export interface EnvironmentCell {
  environment: string;
  running: DeploymentCard | null;
  lastAttempt: DeploymentCard | null;
  next: IncomingPromotion;
}

export interface ReleaseCard {
  revision: string;
  digest: string;
  shortDigest: string;
  recordedAt: string;
  recordedBy: string;
  runningIn: string[];
}

export interface EnvironmentNode {
  name: string;
  displayName: string;
  production: boolean;
  dataPlane: string;
  depth: number;
  approvalRequired: boolean;
  approvers: string[];
  minimumSoakMinutes: number;
}

export interface DeployView {
  project: string;
  pipeline: string;
  pipelines: string[];
  diagram: { environments: EnvironmentNode[]; paths: { from: string; to: string }[] };
  components: { component: string; environments: EnvironmentCell[]; releases: ReleaseCard[] }[];
}

export interface Preview {
  source: string | null;
  revision: string;
  digest: string;
  changesImage: boolean;
  configuration: ConfigurationDiff;
  objects: string[];
  gates: Gate[];
  lines: string[];
}

export interface PromotionOutcome {
  environment: string;
  deployment: DeploymentCard | null;
  refused: string | null;
}

/** A refusal of the API, in its words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where the API is and how actions carry the host's CSRF protection (Jenkins' crumb; none in cdp console). */
export interface ApiSettings {
  base: string;
  crumbHeader?: string;
  crumb?: string;
}

/** The API client: reads with ETag (a 304 answers the last view again), actions as POSTs of JSON. */
export class Api {
  private etags = new Map<string, { etag: string; body: unknown }>();

  constructor(private readonly settings: ApiSettings) {}

  async get<T>(path: string): Promise<T> {
    const url = this.settings.base + path;
    const cached = this.etags.get(url);
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: cached ? { "If-None-Match": cached.etag } : {},
    });
    if (response.status === 304 && cached) {
      return cached.body as T;
    }
    const body = await answer(response);
    const etag = response.headers.get("ETag");
    if (etag) {
      this.etags.set(url, { etag, body });
    }
    return body as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (this.settings.crumbHeader && this.settings.crumb) {
      headers[this.settings.crumbHeader] = this.settings.crumb;
    }
    const response = await fetch(this.settings.base + path, {
      method: "POST",
      credentials: "same-origin",
      headers,
      body: JSON.stringify(body),
    });
    return (await answer(response)) as T;
  }

  view(project: string, pipeline?: string): Promise<DeployView> {
    const query = "project=" + encodeURIComponent(project) + (pipeline ? "&pipeline=" + encodeURIComponent(pipeline) : "");
    return this.get<DeployView>("/view?" + query);
  }

  projects(): Promise<string[]> {
    return this.get<string[]>("/projects");
  }

  preview(project: string, component: string, to: string, pipeline: string, revision?: string): Promise<Preview> {
    return this.post<Preview>("/preview", revision ? { project, component, to, pipeline, revision } : { project, component, to, pipeline });
  }

  promote(project: string, component: string, to: string[], pipeline: string, revision?: string): Promise<PromotionOutcome[]> {
    return this.post<PromotionOutcome[]>("/promote", revision ? { project, component, to, pipeline, revision } : { project, component, to, pipeline });
  }

  approvals(project: string): Promise<ApprovalItem[]> {
    return this.get<ApprovalItem[]>("/approvals?project=" + encodeURIComponent(project));
  }

  requestApproval(project: string, component: string, to: string, pipeline: string, revision?: string): Promise<ApprovalCard> {
    return this.post<ApprovalCard>("/approvals/request", revision ? { project, component, to, pipeline, revision } : { project, component, to, pipeline });
  }

  decide(id: number, decision: "approve" | "reject" | "withdraw"): Promise<ApprovalOutcome> {
    return this.post<ApprovalOutcome>("/approvals/" + decision, { id });
  }

  history(project: string, component: string, environment: string): Promise<DeploymentCard[]> {
    return this.get<DeploymentCard[]>("/history?project=" + encodeURIComponent(project) + "&component="
      + encodeURIComponent(component) + "&environment=" + encodeURIComponent(environment));
  }

  drift(project: string, component: string, environment: string): Promise<{ checked: boolean; differences: string[] }> {
    return this.get("/drift?project=" + encodeURIComponent(project) + "&component=" + encodeURIComponent(component)
      + "&environment=" + encodeURIComponent(environment));
  }

  rollback(project: string, component: string, environment: string, to?: number): Promise<DeploymentCard> {
    return this.post<DeploymentCard>("/rollback", to === undefined ? { project, component, environment } : { project, component, environment, to });
  }
}

async function answer(response: Response): Promise<unknown> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, "the console answered " + response.status + " without JSON");
  }
  if (!response.ok) {
    const error = (body as { error?: string } | null)?.error;
    throw new ApiError(response.status, error ?? "the console answered " + response.status);
  }
  return body;
}
