import { place } from "./layout";
import { view } from "../common/fixtures";

describe("place", () => {
  it("puts environments in columns by depth and a fan-out's targets in rows of one column", () => {
    const environments = view([]).diagram.environments.slice(0, 2).concat([
      { ...view([]).diagram.environments[2], name: "prod-eu", depth: 2 },
      { ...view([]).diagram.environments[2], name: "prod-us", depth: 2 },
    ]);
    const { placements, columns, rows } = place(environments);
    expect(columns).toBe(3);
    expect(rows).toBe(2);
    expect(placements.map((p) => [p.node.name, p.column, p.row])).toEqual([
      ["dev", 0, 0], ["staging", 1, 0], ["prod-eu", 2, 0], ["prod-us", 2, 1],
    ]);
  });
});
