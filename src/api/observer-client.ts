// The browser's transport to observer.Observer: gRPC-web (binary) over fetch.
// By default the serving Observatory itself; `?server=URL` points the page at
// any other gRPC-web endpoint that speaks the same service.
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Observer } from "../gen/observer/observer_pb.ts";

export type ObserverClient = Client<typeof Observer>;

/** The API base URL for this page: `?server=` when given, else our own origin. */
export function apiBaseUrl(location: { search: string; href: string; origin: string }): string {
  const server = new URLSearchParams(location.search).get("server");
  if (server) {
    const url = new URL(server, location.href);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href.replace(/\/$/, "");
  }
  return location.origin;
}

export function createObserverClient(baseUrl: string): ObserverClient {
  return createClient(Observer, createGrpcWebTransport({ baseUrl }));
}
