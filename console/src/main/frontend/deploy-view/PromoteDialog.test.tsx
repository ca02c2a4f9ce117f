import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { PromoteDialog } from "./PromoteDialog";
import { Api } from "../common/api";
import { card, fakeFetch } from "../common/fixtures";

const preview = { source: "dev", revision: "r1", digest: "sha256:" + "4f3c2b1a".repeat(8), changesImage: true,
  configuration: { added: ["secret DB_PASSWORD"], changed: ["variable LOG_LEVEL"], removed: [] }, objects: [], gates: [],
  lines: [] };

describe("PromoteDialog", () => {
  it("shows the preview first and promotes only when confirmed", async () => {
    const { fetch, requests } = fakeFetch((path) => path.endsWith("/preview") ? { status: 200, body: preview }
      : { status: 200, body: [{ environment: "staging", deployment: card(2), refused: null }] });
    vi.stubGlobal("fetch", fetch);
    const done = vi.fn();
    render(<PromoteDialog api={new Api({ base: "/api/v1" })} project="shop" pipeline="standard" component="cart"
                          environment="staging" revision="r1" onDone={done} onCancel={() => {}} />);
    await screen.findByText("+ secret DB_PASSWORD");
    expect(screen.getByText("~ variable LOG_LEVEL")).toBeTruthy();
    expect(requests.map((r) => r.path)).toEqual(["/api/v1/preview"]);
    fireEvent.click(screen.getByRole("button", { name: "Promote" }));
    await waitFor(() => expect(done).toHaveBeenCalledWith("deployment #2 of cart to staging succeeded", false));
    expect(JSON.parse(String(requests[1].init?.body))).toEqual({ project: "shop", component: "cart", to: ["staging"],
      pipeline: "standard", revision: "r1" });
    expect((requests[1].init?.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("does not promote past a gate, and says a refusal in its words", async () => {
    const gated = { ...preview, gates: [{ kind: "APPROVAL", words: "approval by one of release-managers", remaining: null,
      approvers: ["release-managers"] }] };
    vi.stubGlobal("fetch", fakeFetch(() => ({ status: 200, body: gated })).fetch);
    render(<PromoteDialog api={new Api({ base: "/api/v1" })} project="shop" pipeline="standard" component="cart"
                          environment="production" revision="r1" onDone={() => {}} onCancel={() => {}} />);
    await screen.findByText("Needs approval by one of release-managers");
    expect((screen.getByRole("button", { name: "Promote" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows why the preview was refused, and Escape cancels", async () => {
    vi.stubGlobal("fetch", fakeFetch(() => ({ status: 409, body: { error: "staging is busy for shop/cart" } })).fetch);
    const cancel = vi.fn();
    render(<PromoteDialog api={new Api({ base: "/api/v1" })} project="shop" pipeline="standard" component="cart"
                          environment="staging" revision={null} onDone={() => {}} onCancel={cancel} />);
    expect((await screen.findByRole("alert")).textContent).toBe("staging is busy for shop/cart");
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(cancel).toHaveBeenCalled();
  });
});
