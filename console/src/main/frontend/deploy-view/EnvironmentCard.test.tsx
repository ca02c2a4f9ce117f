import { fireEvent, render, screen } from "@testing-library/react";
import { EnvironmentCard, ago } from "./EnvironmentCard";
import { card, cell, view } from "../common/fixtures";

const [dev, , production] = view([]).diagram.environments;

describe("EnvironmentCard", () => {
  it("shows what runs and offers the promotion the rules allow", () => {
    const promote = vi.fn();
    const ready = cell("dev", { running: card(1), next: { status: "READY", source: null, revision: "r2", digest: "sha256:x",
      configuration: { added: ["variable LOG_LEVEL"], changed: [], removed: [] }, gates: [], refusal: null } });
    render(<EnvironmentCard node={dev} cell={ready} busy={false} onPromote={promote} onRollback={() => {}} />);
    expect(screen.getByText("4f3c2b1a4f3c")).toBeTruthy();
    expect(screen.getByText("Ready to promote")).toBeTruthy();
    expect(screen.getByText("Configuration: +variable LOG_LEVEL")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Promote…" }));
    expect(promote).toHaveBeenCalledWith(ready);
  });

  it("says a refusal in the rule's words and disables the promotion", () => {
    const refused = cell("production", { next: { status: "REFUSED", source: null, revision: null, digest: null,
      configuration: { added: [], changed: [], removed: [] }, gates: [], refusal: "cart runs healthy in none of its sources" } });
    render(<EnvironmentCard node={production} cell={refused} busy={false} onPromote={() => {}} onRollback={() => {}} />);
    expect(screen.getByText("cart runs healthy in none of its sources")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Promote…" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("production")).toBeTruthy();
  });

  it("puts a failed attempt beside what runs, and the gates still to pass", () => {
    const failed = cell("production", { running: card(3), lastAttempt: card(5, "FAILED", "r2"), next: { status: "GATED",
      source: "staging", revision: "r2", digest: "sha256:y", configuration: { added: [], changed: [], removed: [] },
      gates: [{ kind: "APPROVAL", words: "approval by one of release-managers", remaining: null, approvers: ["release-managers"] }],
      refusal: null } });
    const { container } = render(<EnvironmentCard node={production} cell={failed} busy={false} onPromote={() => {}} onRollback={() => {}} />);
    expect(screen.getByText("Last attempt")).toBeTruthy();
    expect(container.querySelector(".cdp-card--failed")).toBeTruthy();
    expect(screen.getByText("Needs approval by one of release-managers")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Roll back…" })).toBeTruthy();
  });

  it("says how long ago in the largest unit", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(ago("2026-11-27T11:59:30Z", now)).toBe("just now");
    expect(ago("2026-11-27T11:15:00Z", now)).toBe("45 min ago");
    expect(ago("2026-11-27T02:00:00Z", now)).toBe("10 h ago");
    expect(ago("2026-11-20T12:00:00Z", now)).toBe("7 days ago");
  });
});
