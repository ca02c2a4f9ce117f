import { act, fireEvent, render, screen } from "@testing-library/react";
import { DeployView, POLL_MILLIS } from "./DeployView";
import { Api } from "../common/api";
import { card, cell, fakeFetch, view } from "../common/fixtures";

describe("DeployView", () => {
  afterEach(() => vi.useRealTimers());

  it("draws the graph and a card per environment, and switches pipelines", async () => {
    const { fetch, requests } = fakeFetch((path) => path.includes("/approvals") ? { status: 200, body: [] }
      : { status: 200, body: view([cell("dev", { running: card(1) }), cell("staging"), cell("production")]) });
    vi.stubGlobal("fetch", fetch);
    render(<DeployView api={new Api({ base: "/api/v1" })} project="shop" />);
    expect(await screen.findByRole("heading", { name: "shop" })).toBeTruthy();
    expect(screen.getAllByRole("region", { name: /Development|Staging|Production/ })).toHaveLength(3);
    expect(screen.getByRole("img", { name: /dev to staging/ })).toBeTruthy();
    fireEvent.change(screen.getByRole("combobox"), { target: { value: "hotfix" } });
    await screen.findByRole("heading", { name: "shop" });
    expect(requests.filter((r) => r.path.includes("/view")).at(-1)?.path).toBe("/api/v1/view?project=shop&pipeline=hotfix");
  });

  it("polls with its ETag while a rollout runs, and not when the tab is hidden", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const running = view([cell("dev", { running: card(1), lastAttempt: card(2, "IN_PROGRESS", "r2") }), cell("staging"),
      cell("production")]);
    const { fetch, requests: all } = fakeFetch((path, init) => path.includes("/approvals") ? { status: 200, body: [] }
      : (init?.headers as Record<string, string>)?.["If-None-Match"]
        ? { status: 304, body: null, etag: "\"v1\"" } : { status: 200, body: running, etag: "\"v1\"" });
    const requests = { get length() { return all.filter((r) => r.path.includes("/view")).length; },
      at: (i: number) => all.filter((r) => r.path.includes("/view"))[i] };
    vi.stubGlobal("fetch", fetch);
    render(<DeployView api={new Api({ base: "/api/v1" })} project="shop" />);
    expect(await screen.findByText("Running")).toBeTruthy();
    await act(async () => { await vi.advanceTimersByTimeAsync(POLL_MILLIS * 2 + 10); });
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect((requests.at(1).init?.headers as Record<string, string>)["If-None-Match"]).toBe("\"v1\"");
    const before = requests.length;
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    await act(async () => { await vi.advanceTimersByTimeAsync(POLL_MILLIS * 3); });
    expect(requests.length).toBe(before);
    Object.defineProperty(document, "hidden", { value: false, configurable: true });
  });

  it("does not poll when nothing runs", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { fetch, requests } = fakeFetch((path) => path.includes("/approvals") ? { status: 200, body: [] }
      : { status: 200, body: view([cell("dev"), cell("staging"), cell("production")]) });
    vi.stubGlobal("fetch", fetch);
    render(<DeployView api={new Api({ base: "/api/v1" })} project="shop" />);
    await screen.findByRole("heading", { name: "shop" });
    await act(async () => { await vi.advanceTimersByTimeAsync(POLL_MILLIS * 3); });
    expect(requests.filter((r) => r.path.includes("/view"))).toHaveLength(1);
  });

  it("says when the console refuses the view", async () => {
    vi.stubGlobal("fetch", fakeFetch((path) => path.includes("/approvals") ? { status: 200, body: [] }
      : { status: 400, body: { error: "pipeline: 'x' is not attached" } }).fetch);
    render(<DeployView api={new Api({ base: "/api/v1" })} project="shop" />);
    expect((await screen.findByRole("alert")).textContent).toBe("pipeline: 'x' is not attached");
  });
});
