import { useEffect, useRef, useState } from "react";
import type { Api, DeploymentCard } from "../common/api";

/** Confirms a rollback of one environment to the deployment before the one that runs: digest and configuration. */
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
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);

  async function rollback() {
    setWorking(true);
    try {
      const deployment = await api.rollback(project, component, environment);
      onDone("rolled " + component + " in " + environment + " back: deployment #" + deployment.number + " "
        + deployment.result.toLowerCase(), deployment.result !== "SUCCEEDED");
    } catch (e) {
      onDone((e as Error).message, true);
    }
  }

  return (
    <div className="cdp-dialog__backdrop" onKeyDown={(event) => event.key === "Escape" && !working && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="cdp-rollback-title" className="cdp-dialog">
        <h2 id="cdp-rollback-title">Roll back {component} in {environment}</h2>
        <p>{environment} runs <code>{running.shortDigest}</code> {running.revision} (deployment #{running.number}). Rolling back
          restores the deployment before it, image and configuration together; automatic promotions will not override it.</p>
        <div className="cdp-dialog__actions">
          <button type="button" ref={cancel} className="cdp-button" onClick={onCancel} disabled={working}>Cancel</button>
          <button type="button" className="cdp-button cdp-button--danger" onClick={rollback} disabled={working}>
            {working ? "Rolling back…" : "Roll back"}
          </button>
        </div>
      </div>
    </div>
  );
}
