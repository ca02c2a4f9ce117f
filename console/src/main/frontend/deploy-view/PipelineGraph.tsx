import type { DeployView } from "../common/api";
import { place } from "./layout";

const NODE_WIDTH = 168;
const NODE_HEIGHT = 44;
const COLUMN_GAP = 64;
const ROW_GAP = 16;

/** The pipeline as a graph: environments in columns by depth, a path drawn from each source to each target. */
export function PipelineGraph({ diagram }: { diagram: DeployView["diagram"] }) {
  const { placements, columns, rows } = place(diagram.environments);
  const at = new Map(placements.map((p) => [p.node.name, p]));
  const x = (column: number) => column * (NODE_WIDTH + COLUMN_GAP);
  const y = (row: number) => row * (NODE_HEIGHT + ROW_GAP);
  const width = x(columns - 1) + NODE_WIDTH;
  const height = y(rows - 1) + NODE_HEIGHT;
  return (
    <svg className="cdp-graph" role="img" aria-label={"Pipeline: " + diagram.paths.map((p) => p.from + " to " + p.to).join(", ")}
         width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {diagram.paths.map((path) => {
        const from = at.get(path.from);
        const to = at.get(path.to);
        if (!from || !to) {
          return null;
        }
        const x1 = x(from.column) + NODE_WIDTH;
        const y1 = y(from.row) + NODE_HEIGHT / 2;
        const x2 = x(to.column);
        const y2 = y(to.row) + NODE_HEIGHT / 2;
        const middle = (x1 + x2) / 2;
        return <path key={path.from + ">" + path.to} data-path={path.from + ">" + path.to} className="cdp-graph__path"
                     d={`M ${x1} ${y1} C ${middle} ${y1}, ${middle} ${y2}, ${x2} ${y2}`} />;
      })}
      {placements.map(({ node, column, row }) => (
        <g key={node.name} data-environment={node.name} transform={`translate(${x(column)}, ${y(row)})`}
           className={"cdp-graph__node" + (node.production ? " cdp-graph__node--production" : "")}>
          <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={8} />
          <text x={12} y={19} className="cdp-graph__name">{node.displayName || node.name}</text>
          <text x={12} y={35} className="cdp-graph__detail">
            {[node.production ? "production" : "", node.approvalRequired ? "approval" : "",
              node.minimumSoakMinutes > 0 ? "soak " + node.minimumSoakMinutes + "m" : ""].filter(Boolean).join(" · ") || node.dataPlane}
          </text>
        </g>
      ))}
    </svg>
  );
}
