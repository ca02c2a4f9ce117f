import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { RollbackDialog } from "./RollbackDialog";
import { Api } from "../common/api";
import { card, fakeFetch } from "../common/fixtures";

describe("RollbackDialog", () => {
  it("says what runs and rolls back when confirmed", async () => {
    const { fetch, requests } = fakeFetch(() => ({ status: 200, body: { ...card(4), kind: "ROLLBACK" } }));
    vi.stubGlobal("fetch", fetch);
    const done = vi.fn();
    render(<RollbackDialog api={new Api({ base: "/api/v1", crumbHeader: "Jenkins-Crumb", crumb: "abc" })} project="shop"
                           component="cart" environment="dev" running={card(3)} onDone={done} onCancel={() => {}} />);
    expect(screen.getByRole("dialog").textContent).toContain("deployment #3");
    expect(document.activeElement?.textContent).toBe("Cancel");
    fireEvent.click(screen.getByRole("button", { name: "Roll back" }));
    await waitFor(() => expect(done).toHaveBeenCalledWith("rolled cart in dev back: deployment #4 succeeded", false));
    expect(JSON.parse(String(requests[0].init?.body))).toEqual({ project: "shop", component: "cart", environment: "dev" });
    expect((requests[0].init?.headers as Record<string, string>)["Jenkins-Crumb"]).toBe("abc");
  });
});
