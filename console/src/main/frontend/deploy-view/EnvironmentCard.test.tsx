import { fireEvent, render, screen } from "@testing-library/react";
import { EnvironmentCard, ago } from "./EnvironmentCard";
import { card, cell, view } from "../common/fixtures";

const [dev, , production] = view([]).diagram.environments;

describe("EnvironmentCard", () => {
  it("shows what runs and offers the promotion the rules allow", () => {
    const promote = vi.fn();
    const ready = cell("dev", { running: card(1), next: { status: "READY", source: null, revision: "r2", digest: "sha256:x",
      configuration: { added: ["variable LOG_LEVEL"], changed: [], removed: [] }, gates: [], refusal: null, approval: null } });
    render(<EnvironmentCard node={dev} cell={ready} busy={false} onPromote={promote} onRollback={() => {}} onApproval={() => {}} />);
    expect(screen.getByText("4f3c2b1a4f3c")).toBeTruthy();
    expect(screen.getByText("Ready to promote")).toBeTruthy();
    expect(screen.getByText("Configuration: +variable LOG_LEVEL")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Promote…" }));
    expect(promote).toHaveBeenCalledWith(ready);
  });

  it("says a refusal in the rule's words and disables the promotion", () => {
    const refused = cell("production", { next: { status: "REFUSED", source: null, revision: null, digest: null,
      configuration: { added: [], changed: [], removed: [] }, gates: [], refusal: "cart runs healthy in none of its sources", approval: null } });
    render(<EnvironmentCard node={production} cell={refused} busy={false} onPromote={() => {}} onRollback={() => {}} onApproval={() => {}} />);
    expect(screen.getByText("cart runs healthy in none of its sources")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Promote…" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("production")).toBeTruthy();
  });

  it("puts a failed attempt beside what runs, and the gates still to pass", () => {
    const failed = cell("production", { running: card(3), lastAttempt: card(5, "FAILED", "r2"), next: { status: "GATED",
      source: "staging", revision: "r2", digest: "sha256:y", configuration: { added: [], changed: [], removed: [] },
      gates: [{ kind: "APPROVAL", words: "approval by one of release-managers", remaining: null, approvers: ["release-managers"] }],
      refusal: null, approval: null } });
    const { container } = render(<EnvironmentCard node={production} cell={failed} busy={false} onPromote={() => {}} onRollback={() => {}} onApproval={() => {}} />);
    expect(screen.getByText("Last attempt")).toBeTruthy();
    expect(container.querySelector(".cdp-card--failed")).toBeTruthy();
    expect(screen.getByText("Needs approval by one of release-managers")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Roll back…" })).toBeTruthy();
  });

  it("asks for approval where the gate is an approval, and lets an approver decide a waiting request", () => {
    const act = vi.fn();
    const gate = { kind: "APPROVAL" as const, words: "approval by one of release-managers", remaining: null, approvers: ["release-managers"] };
    const gated = cell("production", { next: { status: "GATED", source: "staging", revision: "r1", digest: "sha256:y",
      configuration: { added: [], changed: [], removed: [] }, gates: [gate], refusal: null, approval: null } });
    const { rerender } = render(<EnvironmentCard node={production} cell={gated} busy={false} onPromote={() => {}}
                                                 onRollback={() => {}} onApproval={act} />);
    expect(screen.queryByRole("button", { name: "Promote…" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Request approval" }));
    expect(act).toHaveBeenCalledWith(gated, "request");

    const waiting = { ...gated, next: { ...gated.next, approval: { id: 7, environment: "production", revision: "r1",
      shortDigest: "4f3c2b1a4f3c", requestedBy: "alice", requestedAt: new Date().toISOString() } } };
    rerender(<EnvironmentCard node={production} cell={waiting} busy={false} onPromote={() => {}} onRollback={() => {}}
                              onApproval={act} approval={{ approval: waiting.next.approval, component: "cart", mayDecide: true,
                                whyNot: null, mayWithdraw: false }} />);
    expect(screen.getByRole("group", { name: "Approval #7" }).textContent).toContain("requested by alice");
    expect(screen.queryByRole("button", { name: "Request approval" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    expect(act).toHaveBeenCalledWith(waiting, "approve");

    rerender(<EnvironmentCard node={production} cell={waiting} busy={false} onPromote={() => {}} onRollback={() => {}}
                              onApproval={act} approval={{ approval: waiting.next.approval, component: "cart", mayDecide: false,
                                whyNot: "carol is not among the approvers of production", mayWithdraw: false }} />);
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    expect(screen.getByText("carol is not among the approvers of production")).toBeTruthy();
  });

  it("asks the data plane for drift on demand and says what it found", async () => {
    const drift = vi.fn().mockResolvedValue({ checked: true, differences: ["differs in the repository: dev/shop/cart/deployment-cart.yaml"] });
    const running = cell("dev", { running: card(1) });
    render(<EnvironmentCard node={dev} cell={running} busy={false} onPromote={() => {}} onRollback={() => {}}
                            onApproval={() => {}} onDrift={drift} />);
    fireEvent.click(screen.getByRole("button", { name: "Check drift" }));
    expect(await screen.findByText("differs in the repository: dev/shop/cart/deployment-cart.yaml")).toBeTruthy();
    expect(drift).toHaveBeenCalledWith(running);
  });

  it("says how long ago in the largest unit", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(ago("2026-11-27T11:59:30Z", now)).toBe("just now");
    expect(ago("2026-11-27T11:15:00Z", now)).toBe("45 min ago");
    expect(ago("2026-11-27T02:00:00Z", now)).toBe("10 h ago");
    expect(ago("2026-11-20T12:00:00Z", now)).toBe("7 days ago");
  });
});
