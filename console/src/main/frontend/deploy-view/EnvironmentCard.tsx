import { useState } from "react";
import type { ApprovalItem, DeploymentCard, EnvironmentCell, EnvironmentNode } from "../common/api";

/** "5 min ago": the largest unit only, a card is read at a glance (the exact time is the title). */
export function ago(iso: string | null, now: Date = new Date()): string {
  if (!iso) {
    return "";
  }
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return minutes + " min ago";
  if (minutes < 48 * 60) return Math.floor(minutes / 60) + " h ago";
  return Math.floor(minutes / (24 * 60)) + " days ago";
}

function Deployment({ card, label }: { card: DeploymentCard; label?: string }) {
  return (
    <div className={"cdp-deployment cdp-deployment--" + card.result.toLowerCase()}>
      {label && <span className="cdp-deployment__label">{label}</span>}
      <code className="cdp-digest" title={card.digest}>{card.shortDigest}</code>{" "}
      <span className="cdp-revision">{card.revision}</span>
      <div className="cdp-deployment__meta" title={card.finishedAt ?? card.startedAt}>
        #{card.number} {card.result === "SUCCEEDED" ? "" : card.result.toLowerCase().replace("_", " ") + " · "}
        {card.kind === "ROLLBACK" ? "rollback · " : ""}
        {ago(card.finishedAt ?? card.startedAt)}{card.requestedBy ? " by " + card.requestedBy : ""}
        {card.approvedBy ? ", approved by " + card.approvedBy : ""}
      </div>
    </div>
  );
}

const STATUS_WORDS: Record<string, string> = {
  READY: "Ready to promote",
  GATED: "Waiting",
  REFUSED: "Refused",
  UP_TO_DATE: "Up to date",
  NOTHING_TO_PROMOTE: "Nothing to promote",
};

/** One component in one environment: what runs, a failed or running attempt beside it, and the next promotion. */
export function EnvironmentCard({ node, cell, approval, onPromote, onRollback, onApproval, onDrift, busy }: {
  node: EnvironmentNode;
  cell: EnvironmentCell;
  approval?: ApprovalItem;
  onPromote: (cell: EnvironmentCell) => void;
  onRollback: (cell: EnvironmentCell) => void;
  onApproval: (cell: EnvironmentCell, action: "request" | "approve" | "reject" | "withdraw") => void;
  onDrift?: (cell: EnvironmentCell) => Promise<{ checked: boolean; differences: string[] }>;
  busy: boolean;
}) {
  const [drift, setDrift] = useState<string | null>(null);
  const [driftFound, setDriftFound] = useState(false);
  async function checkDrift() {
    if (!onDrift) {
      return;
    }
    setDrift("Asking the data plane…");
    try {
      const answer = await onDrift(cell);
      setDriftFound(answer.differences.length > 0);
      setDrift(!answer.checked ? "This data plane cannot tell." : answer.differences.length === 0
        ? "No drift: the data plane holds what the ledger says." : answer.differences.join("; "));
    } catch (e) {
      setDriftFound(true);
      setDrift((e as Error).message);
    }
  }
  const next = cell.next;
  const needsApproval = next.status === "GATED" && next.gates.some((gate) => gate.kind === "APPROVAL");
  const failed = cell.lastAttempt && cell.lastAttempt.result !== "IN_PROGRESS";
  const canPromote = next.status === "READY";
  return (
    <section aria-label={node.displayName || node.name}
             className={"cdp-card" + (node.production ? " cdp-card--production" : "") + (failed ? " cdp-card--failed" : "")}>
      <header className="cdp-card__header">
        <h3>{node.displayName || node.name}</h3>
        {node.production && <span className="cdp-badge cdp-badge--production">production</span>}
      </header>
      {cell.running ? <Deployment card={cell.running} /> : <p className="cdp-empty">Nothing runs here yet</p>}
      {cell.lastAttempt && <Deployment card={cell.lastAttempt} label={cell.lastAttempt.result === "IN_PROGRESS" ? "Running" : "Last attempt"} />}
      <div className={"cdp-next cdp-next--" + next.status.toLowerCase()}>
        <strong>{STATUS_WORDS[next.status]}</strong>
        {next.source && next.status !== "UP_TO_DATE" && <span> from {next.source}</span>}
        {next.revision && (next.status === "READY" || next.status === "GATED") && <span>: {next.revision}</span>}
        {next.refusal && <p className="cdp-next__why">{next.refusal}</p>}
        {next.status === "GATED" && next.gates.map((gate) => <p key={gate.kind} className="cdp-next__gate">Needs {gate.words}</p>)}
        {(next.configuration.added.length + next.configuration.changed.length + next.configuration.removed.length > 0)
          && next.status !== "REFUSED" && next.status !== "NOTHING_TO_PROMOTE" && (
          <p className="cdp-next__configuration">
            Configuration: {[...next.configuration.added.map((k) => "+" + k), ...next.configuration.changed.map((k) => "~" + k),
              ...next.configuration.removed.map((k) => "-" + k)].join(", ")}
          </p>)}
      </div>
      {next.approval && (
        <div className="cdp-approval" role="group" aria-label={"Approval #" + next.approval.id}>
          <p>Approval #{next.approval.id} of {next.approval.revision} requested by <strong>{next.approval.requestedBy}</strong>{" "}
            <span title={next.approval.requestedAt}>{ago(next.approval.requestedAt)}</span></p>
          {approval && !approval.mayDecide && !approval.mayWithdraw && approval.whyNot && (
            <p className="cdp-next__why">{approval.whyNot}</p>)}
          <div className="cdp-card__actions">
            {approval?.mayDecide && <>
              <button type="button" className="cdp-button cdp-button--primary" disabled={busy}
                      onClick={() => onApproval(cell, "approve")}>Approve</button>
              <button type="button" className="cdp-button" disabled={busy} onClick={() => onApproval(cell, "reject")}>Reject</button>
            </>}
            {approval?.mayWithdraw && (
              <button type="button" className="cdp-button" disabled={busy} onClick={() => onApproval(cell, "withdraw")}>Withdraw</button>)}
          </div>
        </div>
      )}
      <footer className="cdp-card__actions">
        {needsApproval && !next.approval && (
          <button type="button" className="cdp-button cdp-button--primary" disabled={busy}
                  onClick={() => onApproval(cell, "request")}>Request approval</button>
        )}
        {!needsApproval && <button type="button" className="cdp-button cdp-button--primary" disabled={!canPromote || busy}
                title={canPromote ? "Preview, then promote" : next.refusal ?? STATUS_WORDS[next.status]}
                onClick={() => onPromote(cell)}>Promote…</button>}
        {cell.running && (
          <button type="button" className="cdp-button" disabled={busy} onClick={() => onRollback(cell)}>Roll back…</button>
        )}
        {cell.running && onDrift && (
          <button type="button" className="cdp-link" onClick={checkDrift}>Check drift</button>
        )}
      </footer>
      {drift && <p role="status" className={"cdp-drift" + (driftFound ? " cdp-drift--found" : "")}>{drift}</p>}
    </section>
  );
}
