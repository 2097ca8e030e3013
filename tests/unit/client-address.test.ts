import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "@/server/auth/client-address";
import { stampPeerAddress } from "@/server/auth/stamp-peer-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("the client address used for throttling", () => {
  it("without a trusted proxy is the TCP peer, whatever X-Forwarded-For says", () => {
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "203.0.113.5", "x-forwarded-for": "192.0.2.1" }), 0)).toBe("203.0.113.5");
    expect(clientAddress(headers({ "x-forwarded-for": "192.0.2.1" }), 0)).toBeNull();
  });

  it("behind N trusted proxies is the Nth X-Forwarded-For entry from the right; what the client wrote further left is ignored", () => {
    const forwarded = headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.2", [PEER_ADDRESS_HEADER]: "10.0.0.3" });
    expect(clientAddress(forwarded, 1)).toBe("10.0.0.2");
    expect(clientAddress(forwarded, 2)).toBe("203.0.113.5");
    expect(clientAddress(forwarded, 4)).toBeNull();
    expect(clientAddress(headers({}), 1)).toBeNull();
  });

  it("groups IPv6 clients by /64 and unwraps IPv4-mapped addresses", () => {
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "2001:db8:0:12:aaaa::1" }), 0)).toBe("2001:db8:0:12::/64");
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "2001:db8:0:12:bbbb::2" }), 0)).toBe("2001:db8:0:12::/64");
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.7" }), 0)).toBe("198.51.100.7");
  });

  it("is stamped from the socket by the server, replacing whatever the client sent under that name", async () => {
    stampPeerAddress();
    const server = http.createServer((request, response) => response.end(String(request.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
      expect(await response.text()).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
