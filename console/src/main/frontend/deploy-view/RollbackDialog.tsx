import { useEffect, useRef, useState } from "react";
import type { Api, DeploymentCard } from "../common/api";

/**
 * Rolls one environment back to a deployment picked from its history (the one before what runs, unless another is
 * chosen): digest and configuration together. Only deployments that succeeded can be restored.
 */
export function RollbackDialog({ api, project, component, environment, running, onDone, onCancel }: {
  api: Api;
  project: string;
  component: string;
  environment: string;
  running: DeploymentCard;
  onDone: (message: string, failed: boolean) => void;
  onCancel: () => void;
}) {
  const [working, setWorking] = useState(false);
  const [earlier, setEarlier] = useState<DeploymentCard[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  useEffect(() => {
    api.history(project, component, environment).then((history) => {
      const restorable = history.filter((d) => d.number !== running.number && d.result === "SUCCEEDED"
        && d.kind !== "RETIREMENT");
      setEarlier(restorable);
      setChosen(restorable.length > 0 ? restorable[0].number : null);
    }).catch((e: Error) => setError(e.message));
  }, [api, project, component, environment, running.number]);

  async function rollback() {
    if (chosen === null) {
      return;
    }
    setWorking(true);
    try {
      const deployment = await api.rollback(project, component, environment, chosen);
      onDone("rolled " + component + " in " + environment + " back to #" + chosen + ": deployment #" + deployment.number
        + " " + deployment.result.toLowerCase(), deployment.result !== "SUCCEEDED");
    } catch (e) {
      onDone((e as Error).message, true);
    }
  }

  return (
    <div className="cdp-dialog__backdrop" onKeyDown={(event) => event.key === "Escape" && !working && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="cdp-rollback-title" className="cdp-dialog">
        <h2 id="cdp-rollback-title">Roll back {component} in {environment}</h2>
        <p>{environment} runs <code>{running.shortDigest}</code> {running.revision} (deployment #{running.number}). Rolling back
          restores an earlier deployment, image and configuration together; automatic promotions will not override it.</p>
        {error && <p role="alert" className="cdp-error">{error}</p>}
        {earlier && earlier.length === 0 && <p className="cdp-empty">No earlier deployment of {component} in {environment} succeeded: there is nothing to roll back to.</p>}
        {earlier && earlier.length > 0 && (
          <fieldset className="cdp-history">
            <legend>Restore</legend>
            {earlier.map((d) => (
              <label key={d.number}>
                <input type="radio" name="cdp-restore" value={d.number} checked={chosen === d.number}
                       onChange={() => setChosen(d.number)} />{" "}
                #{d.number} <code>{d.shortDigest}</code> {d.revision}
                <span className="cdp-deployment__meta"> {d.kind === "ROLLBACK" ? "rollback, " : ""}{d.requestedBy}, {new Date(d.finishedAt ?? d.startedAt).toLocaleString()}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="cdp-dialog__actions">
          <button type="button" ref={cancel} className="cdp-button" onClick={onCancel} disabled={working}>Cancel</button>
          <button type="button" className="cdp-button cdp-button--danger" onClick={rollback} disabled={working || chosen === null}>
            {working ? "Rolling back…" : chosen === null ? "Roll back" : "Roll back to #" + chosen}
          </button>
        </div>
      </div>
    </div>
  );
}
