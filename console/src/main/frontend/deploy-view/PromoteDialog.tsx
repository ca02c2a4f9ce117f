import { useEffect, useRef, useState } from "react";
import type { Api, Preview } from "../common/api";

/**
 * The promote dialog: the preview first (image from and to, configuration keys, objects, gates), then the promotion,
 * only when the person confirms. Escape or Cancel closes it; nothing runs until Promote.
 */
export function PromoteDialog({ api, project, pipeline, component, environment, revision, onDone, onCancel }: {
  api: Api;
  project: string;
  pipeline: string;
  component: string;
  environment: string;
  revision: string | null;
  onDone: (message: string, failed: boolean) => void;
  onCancel: () => void;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    api.preview(project, component, environment, pipeline, revision ?? undefined)
      .then((answer) => current && setPreview(answer))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [api, project, component, environment, pipeline, revision]);

  useEffect(() => {
    confirm.current?.focus();
  }, [preview]);

  async function promote() {
    setRunning(true);
    try {
      const outcomes = await api.promote(project, component, [environment], pipeline, preview?.revision);
      const outcome = outcomes[0];
      if (outcome.refused) {
        onDone(outcome.refused, true);
      } else if (outcome.deployment && outcome.deployment.result !== "SUCCEEDED") {
        onDone("deployment #" + outcome.deployment.number + " " + outcome.deployment.result.toLowerCase() + ": "
          + outcome.deployment.message, true);
      } else {
        onDone("deployment #" + outcome.deployment?.number + " of " + component + " to " + environment + " succeeded", false);
      }
    } catch (e) {
      onDone((e as Error).message, true);
    }
  }

  return (
    <div className="cdp-dialog__backdrop" onKeyDown={(event) => event.key === "Escape" && !running && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="cdp-dialog-title" className="cdp-dialog">
        <h2 id="cdp-dialog-title">Promote {component} to {environment}</h2>
        {!preview && !error && <p>Working out what would change…</p>}
        {error && <p role="alert" className="cdp-error">{error}</p>}
        {preview && (
          <>
            <dl className="cdp-preview">
              <dt>From</dt><dd>{preview.source ?? "the recorded release"}</dd>
              <dt>Release</dt><dd><code>{preview.digest.replace("sha256:", "").slice(0, 12)}</code> {preview.revision}
                {!preview.changesImage && " (already runs here: configuration only)"}</dd>
              <dt>Configuration</dt>
              <dd>{preview.configuration.added.length + preview.configuration.changed.length + preview.configuration.removed.length === 0
                ? "unchanged"
                : <ul>
                    {preview.configuration.added.map((k) => <li key={"+" + k}>+ {k}</li>)}
                    {preview.configuration.changed.map((k) => <li key={"~" + k}>~ {k}</li>)}
                    {preview.configuration.removed.map((k) => <li key={"-" + k}>- {k}</li>)}
                  </ul>}</dd>
              {preview.objects.length > 0 && <><dt>Objects</dt><dd><ul>{preview.objects.map((o) => <li key={o}>{o}</li>)}</ul></dd></>}
            </dl>
            {preview.gates.length > 0 && (
              <div role="alert" className="cdp-gates">
                {preview.gates.map((gate) => <p key={gate.kind}>Needs {gate.words}</p>)}
              </div>
            )}
          </>
        )}
        <div className="cdp-dialog__actions">
          <button type="button" className="cdp-button" onClick={onCancel} disabled={running}>Cancel</button>
          <button type="button" ref={confirm} className="cdp-button cdp-button--primary"
                  disabled={!preview || running || preview.gates.length > 0} onClick={promote}>
            {running ? "Promoting…" : "Promote"}
          </button>
        </div>
      </div>
    </div>
  );
}
