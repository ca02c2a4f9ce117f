import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { RollbackDialog } from "./RollbackDialog";
import { Api } from "../common/api";
import { card, fakeFetch } from "../common/fixtures";

describe("RollbackDialog", () => {
  it("offers the earlier deployments that succeeded and rolls back to the one picked", async () => {
    const history = [card(5, "SUCCEEDED", "r3"), card(4, "FAILED", "r3"), card(3, "SUCCEEDED", "r2"), card(1, "SUCCEEDED", "r1")];
    const { fetch, requests } = fakeFetch((path) => path.startsWith("/api/v1/history")
      ? { status: 200, body: history } : { status: 200, body: { ...card(6), kind: "ROLLBACK" } });
    vi.stubGlobal("fetch", fetch);
    const done = vi.fn();
    render(<RollbackDialog api={new Api({ base: "/api/v1", crumbHeader: "Jenkins-Crumb", crumb: "abc" })} project="shop"
                           component="cart" environment="dev" running={card(5, "SUCCEEDED", "r3")} onDone={done} onCancel={() => {}} />);
    expect(document.activeElement?.textContent).toBe("Cancel");
    const choices = await screen.findAllByRole("radio");
    expect(choices).toHaveLength(2); // #3 and #1: not what runs, not the failed #4
    expect((choices[0] as HTMLInputElement).checked).toBe(true);
    fireEvent.click(choices[1]);
    fireEvent.click(screen.getByRole("button", { name: "Roll back to #1" }));
    await waitFor(() => expect(done).toHaveBeenCalledWith("rolled cart in dev back to #1: deployment #6 succeeded", false));
    expect(JSON.parse(String(requests[1].init?.body))).toEqual({ project: "shop", component: "cart", environment: "dev", to: 1 });
    expect((requests[1].init?.headers as Record<string, string>)["Jenkins-Crumb"]).toBe("abc");
  });

  it("says when there is nothing to roll back to", async () => {
    vi.stubGlobal("fetch", fakeFetch(() => ({ status: 200, body: [card(2)] })).fetch);
    render(<RollbackDialog api={new Api({ base: "/api/v1" })} project="shop" component="cart" environment="dev"
                           running={card(2)} onDone={() => {}} onCancel={() => {}} />);
    expect(await screen.findByText(/there is nothing to roll back to/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Roll back" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
