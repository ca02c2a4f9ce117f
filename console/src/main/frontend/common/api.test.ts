import { Api, ApiError } from "./api";
import { fakeFetch } from "./fixtures";

describe("Api", () => {
  it("reads with the ETag it was given and answers a 304 with what it read before", async () => {
    let calls = 0;
    const { fetch, requests } = fakeFetch(() => (++calls === 1
      ? { status: 200, body: ["shop"], etag: "\"v1\"" } : { status: 304, body: null, etag: "\"v1\"" }));
    vi.stubGlobal("fetch", fetch);
    const api = new Api({ base: "/api/v1" });
    expect(await api.projects()).toEqual(["shop"]);
    expect(await api.projects()).toEqual(["shop"]);
    expect((requests[1].init?.headers as Record<string, string>)["If-None-Match"]).toBe("\"v1\"");
  });

  it("posts JSON with the host's crumb, and says a refusal in the console's words", async () => {
    const { fetch, requests } = fakeFetch(() => ({ status: 409, body: { error: "production requires approval" } }));
    vi.stubGlobal("fetch", fetch);
    const api = new Api({ base: "/job/shop/cd-deploy", crumbHeader: "Jenkins-Crumb", crumb: "c0ffee" });
    const refused = await api.promote("shop", "cart", ["production"], "standard").catch((e) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(409);
    expect((refused as ApiError).message).toBe("production requires approval");
    expect(requests[0].path).toBe("/job/shop/cd-deploy/promote");
    expect(requests[0].init?.method).toBe("POST");
    const headers = requests[0].init?.headers as Record<string, string>;
    expect(headers["Content-Type"]).toBe("application/json");
    expect(headers["Jenkins-Crumb"]).toBe("c0ffee");
  });

  it("encodes what it puts in a query", async () => {
    const { fetch, requests } = fakeFetch(() => ({ status: 200, body: [] }));
    vi.stubGlobal("fetch", fetch);
    await new Api({ base: "/api/v1" }).history("team a/shop", "cart", "dev&x");
    expect(requests[0].path).toBe("/api/v1/history?project=team%20a%2Fshop&component=cart&environment=dev%26x");
  });
});
