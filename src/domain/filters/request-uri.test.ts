import { describe, expect, it } from "vitest";
import { requestUriPath } from "./request-uri.ts";

describe("requestUriPath (Go url.ParseRequestURI(...).Path)", () => {
  it.each<[string, string | undefined]>([
    ["http://10.128.0.4:9990/metrics", "/metrics"],
    ["http://a/b?c=d", "/b"],
    ["http://a", ""],
    ["http://a?x", ""],
    ["HTTP://A/B", "/B"],
    ["/x/y", "/x/y"],
    ["//host/p", "//host/p"],
    ["*", "*"],
    ["mailto:a@b", ""],
    ["http://a/a%20b", "/a b"],
    ["http://a/a%2Fb", "/a/b"],
    ["http://a/#frag", "/#frag"],
    ["http://[::1]:8080/p", "/p"],
    ["http://user:pw@host/p", "/p"],
    ["http://a:/p", "/p"],
    ["x/y", undefined],
    ["", undefined],
    [":foo", undefined],
    ["http://a:x/p", undefined],
    ["http://[::1/p", undefined],
    ["http://a/%zz", undefined],
    ["http://a/%4", undefined],
    ["http://a/\u0001", undefined],
    ["http://a b/p", undefined],
    ["http://us er@host/p", undefined],
    ["http://a%41/p", undefined],
  ])("%j → %j", (url, path) => {
    expect(requestUriPath(url)).toBe(path);
  });
});
