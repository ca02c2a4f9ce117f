import { render, screen } from "@testing-library/react";
import { PipelineGraph } from "./PipelineGraph";
import { view } from "../common/fixtures";

describe("PipelineGraph", () => {
  it("draws a node per environment and a path per promotion path, production marked", () => {
    const { container } = render(<PipelineGraph diagram={view([]).diagram} />);
    expect(screen.getByRole("img", { name: "Pipeline: dev to staging, staging to production" })).toBeTruthy();
    expect(container.querySelectorAll("[data-environment]")).toHaveLength(3);
    expect(Array.from(container.querySelectorAll("[data-path]")).map((p) => p.getAttribute("data-path")))
      .toEqual(["dev>staging", "staging>production"]);
    expect(container.querySelector('[data-environment="production"]')?.getAttribute("class")).toContain("production");
    expect(container.textContent).toContain("production · approval · soak 60m");
  });

  it("draws a fan-out as two paths out of one environment", () => {
    const diagram = view([]).diagram;
    const fanOut = {
      environments: [diagram.environments[0], { ...diagram.environments[2], name: "prod-eu", depth: 1 },
        { ...diagram.environments[2], name: "prod-us", depth: 1 }],
      paths: [{ from: "dev", to: "prod-eu" }, { from: "dev", to: "prod-us" }],
    };
    const { container } = render(<PipelineGraph diagram={fanOut} />);
    const paths = Array.from(container.querySelectorAll("path")).map((p) => p.getAttribute("d"));
    expect(paths).toHaveLength(2);
    expect(paths[0]).not.toEqual(paths[1]);
  });
});
