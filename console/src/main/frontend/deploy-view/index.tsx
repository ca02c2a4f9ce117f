import { createRoot } from "react-dom/client";
import { Api } from "../common/api";
import { DeployView } from "./DeployView";
import "../common/styles.css";

// Mounts on the host's <div id="cdp-deploy-view" data-api="…" data-project="…"> (cdp console's page, or the
// plugin's Jelly page, which adds data-crumb-header and data-crumb for Jenkins' CSRF protection).
const mount = document.getElementById("cdp-deploy-view");
if (mount) {
  const api = new Api({
    base: mount.dataset.api ?? "/api/v1",
    crumbHeader: mount.dataset.crumbHeader,
    crumb: mount.dataset.crumb,
  });
  createRoot(mount).render(<DeployView api={api} project={mount.dataset.project ?? ""}
                                       initialPipeline={mount.dataset.pipeline || undefined} />);
}
