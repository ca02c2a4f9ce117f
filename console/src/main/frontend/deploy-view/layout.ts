import type { EnvironmentNode } from "../common/api";

/** Where an environment sits in the graph: its column (its depth) and its row among the environments of that depth. */
export interface Placement {
  node: EnvironmentNode;
  column: number;
  row: number;
}

/** Columns by depth from the pipeline's first environment; a fan-out's targets share a column, one row each. */
export function place(environments: EnvironmentNode[]): { placements: Placement[]; columns: number; rows: number } {
  const rowsUsed = new Map<number, number>();
  const placements = environments.map((node) => {
    const row = rowsUsed.get(node.depth) ?? 0;
    rowsUsed.set(node.depth, row + 1);
    return { node, column: node.depth, row };
  });
  const columns = Math.max(1, ...placements.map((p) => p.column + 1));
  const rows = Math.max(1, ...Array.from(rowsUsed.values()));
  return { placements, columns, rows };
}
