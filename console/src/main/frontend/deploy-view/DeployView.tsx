import { useCallback, useEffect, useMemo, useState } from "react";
import type { Api, ApprovalItem, DeployView as View, EnvironmentCell } from "../common/api";
import { PipelineGraph } from "./PipelineGraph";
import { EnvironmentCard } from "./EnvironmentCard";
import { PromoteDialog } from "./PromoteDialog";
import { RollbackDialog } from "./RollbackDialog";
import { ReleaseList } from "./ReleaseList";
import { place } from "./layout";

/** How often the view is asked again while a rollout runs (with its ETag: a 304 while nothing changed). */
export const POLL_MILLIS = 2000;

type Dialog = { kind: "promote" | "rollback"; component: string; cell: EnvironmentCell } | null;

/** The deploy view of a project: the pipeline's graph, a card per component and environment, the releases. */
export function DeployView({ api, project, initialPipeline }: { api: Api; project: string; initialPipeline?: string }) {
  const [pipeline, setPipeline] = useState<string | undefined>(initialPipeline);
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ text: string; failed: boolean } | null>(null);
  const [approvals, setApprovals] = useState<ApprovalItem[]>([]);
  const [acting, setActing] = useState(false);

  const load = useCallback((): Promise<void> => {
    const approvalsRead = api.approvals(project).then(setApprovals).catch(() => setApprovals([]));
    const viewRead = api.view(project, pipeline).then((answer) => {
      setView(answer);
      setError(null);
    }).catch((e: Error) => setError(e.message));
    return Promise.all([viewRead, approvalsRead]).then(() => undefined);
  }, [api, project, pipeline]);

  // request, approve, reject or withdraw an approval in place; an approval promotes, and says how that went
  async function approval(component: string, cell: EnvironmentCell, action: "request" | "approve" | "reject" | "withdraw") {
    setActing(true);
    let said: { text: string; failed: boolean } | null = null;
    try {
      if (action === "request") {
        const card = await api.requestApproval(project, component, cell.environment, view?.pipeline ?? "", cell.next.revision ?? undefined);
        said = { text: "approval #" + card.id + " of " + component + " to " + cell.environment + " requested: an approver decides it here", failed: false };
      } else if (cell.next.approval) {
        const outcome = await api.decide(cell.next.approval.id, action);
        const promoted = outcome.deployment ? "; deployment #" + outcome.deployment.number + " " + outcome.deployment.result.toLowerCase()
          : outcome.refused ? "; the promotion was refused: " + outcome.refused : "";
        said = { text: "approval #" + outcome.approval.id + " " + outcome.decision + promoted,
          failed: !!outcome.refused || (outcome.deployment !== null && outcome.deployment.result !== "SUCCEEDED") };
      }
    } catch (e) {
      said = { text: (e as Error).message, failed: true };
    } finally {
      // the notice comes with the view read again
      await load();
      setNotice(said);
      setActing(false);
    }
  }

  useEffect(() => {
    load();
  }, [load]);

  const rolling = useMemo(() => view?.components.some((row) =>
    row.environments.some((cell) => cell.lastAttempt?.result === "IN_PROGRESS")) ?? false, [view]);

  // live progress while a rollout runs; no polling when nothing runs or the tab is hidden
  useEffect(() => {
    if (!rolling) {
      return;
    }
    const timer = setInterval(() => {
      if (!document.hidden) {
        load();
      }
    }, POLL_MILLIS);
    return () => clearInterval(timer);
  }, [rolling, load]);

  // the notice comes with the view read again, so that what it says and the cards agree
  const done = (text: string, failed: boolean) => {
    setDialog(null);
    load().then(() => setNotice({ text, failed }));
  };

  if (error && !view) {
    return <p role="alert" className="cdp-error">{error}</p>;
  }
  if (!view) {
    return <p className="cdp-loading">Loading the deploy view of {project}…</p>;
  }
  const { placements, columns } = place(view.diagram.environments);
  return (
    <div className="cdp-view">
      <header className="cdp-view__header">
        <h1>{view.project}</h1>
        <label className="cdp-view__pipeline">
          Pipeline{" "}
          <select value={view.pipeline} onChange={(event) => setPipeline(event.target.value)}>
            {view.pipelines.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
      </header>
      {notice && (
        <p role="status" className={"cdp-notice" + (notice.failed ? " cdp-notice--failed" : "")}>
          {notice.text} <button type="button" className="cdp-link" onClick={() => setNotice(null)}>Dismiss</button>
        </p>
      )}
      {error && <p role="alert" className="cdp-error">{error}</p>}
      <div className="cdp-view__graph"><PipelineGraph diagram={view.diagram} /></div>
      {view.components.length === 0 && (
        <p className="cdp-empty">No component of {view.project} has recorded a release yet: record one after its build
          (recordImage in a Jenkinsfile, or cdp release record).</p>
      )}
      {view.components.map((row) => (
        <section key={row.component} className="cdp-component" aria-label={"Component " + row.component}>
          <h2>{row.component}</h2>
          <div className="cdp-cards" style={{ gridTemplateColumns: `repeat(${columns}, minmax(220px, 1fr))` }}>
            {placements.map(({ node, column, row: line }) => {
              const cell = row.environments.find((c) => c.environment === node.name);
              return cell && (
                <div key={node.name} style={{ gridColumn: column + 1, gridRow: line + 1 }}>
                  <EnvironmentCard node={node} cell={cell} busy={dialog !== null || acting}
                                   approval={approvals.find((a) => a.approval.id === cell.next.approval?.id)}
                                   onApproval={(c, action) => approval(row.component, c, action)}
                                   onDrift={(c) => api.drift(view.project, row.component, c.environment)}
                                   onPromote={(c) => setDialog({ kind: "promote", component: row.component, cell: c })}
                                   onRollback={(c) => setDialog({ kind: "rollback", component: row.component, cell: c })} />
                </div>
              );
            })}
          </div>
          <ReleaseList releases={row.releases} />
        </section>
      ))}
      {dialog?.kind === "promote" && (
        <PromoteDialog api={api} project={view.project} pipeline={view.pipeline} component={dialog.component}
                       environment={dialog.cell.environment} revision={dialog.cell.next.revision}
                       onDone={done} onCancel={() => setDialog(null)} />
      )}
      {dialog?.kind === "rollback" && dialog.cell.running && (
        <RollbackDialog api={api} project={view.project} component={dialog.component}
                        environment={dialog.cell.environment} running={dialog.cell.running}
                        onDone={done} onCancel={() => setDialog(null)} />
      )}
    </div>
  );
}
