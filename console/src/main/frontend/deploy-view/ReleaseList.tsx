import type { ReleaseCard } from "../common/api";
import { ago } from "./EnvironmentCard";

/** The component's recorded releases, newest first, with where each runs. */
export function ReleaseList({ releases }: { releases: ReleaseCard[] }) {
  if (releases.length === 0) {
    return <p className="cdp-empty">No release recorded yet: record one after the build (recordImage, cdp release record).</p>;
  }
  return (
    <table className="cdp-releases">
      <caption>Releases</caption>
      <thead><tr><th scope="col">Revision</th><th scope="col">Digest</th><th scope="col">Recorded</th><th scope="col">Runs in</th></tr></thead>
      <tbody>
        {releases.map((release) => (
          <tr key={release.digest + release.revision}>
            <td>{release.revision}</td>
            <td><code title={release.digest}>{release.shortDigest}</code></td>
            <td title={release.recordedAt}>{ago(release.recordedAt)}{release.recordedBy ? " by " + release.recordedBy : ""}</td>
            <td>{release.runningIn.length ? release.runningIn.join(", ") : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
