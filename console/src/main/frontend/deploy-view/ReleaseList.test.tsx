import { render, screen } from "@testing-library/react";
import { ReleaseList } from "./ReleaseList";

describe("ReleaseList", () => {
  it("lists each release with where it runs", () => {
    render(<ReleaseList releases={[{ revision: "r2", digest: "sha256:b", shortDigest: "bbbbbbbbbbbb", recordedAt: new Date().toISOString(),
      recordedBy: "ci", runningIn: ["dev", "staging"] }, { revision: "r1", digest: "sha256:a", shortDigest: "aaaaaaaaaaaa",
      recordedAt: new Date().toISOString(), recordedBy: "ci", runningIn: [] }]} />);
    const rows = screen.getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(rows[1].textContent).toContain("dev, staging");
    expect(rows[2].textContent).toContain("—");
  });

  it("says how to record one when there is none", () => {
    render(<ReleaseList releases={[]} />);
    expect(screen.getByText(/No release recorded yet/)).toBeTruthy();
  });
});
