import { isIPv6 } from "node:net";

/**
 * The header the server stamps with the TCP peer's address on every request (stampPeerAddress),
 * overwriting whatever a client sent under that name.
 */
export const PEER_ADDRESS_HEADER = "x-herald-peer-address";

/** An IPv6 client usually holds a whole /64: throttling it address by address would be no throttle at all. */
function bucketOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::", 2);
  const left = head ? head.split(":") : [];
  const right = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * The client's address for throttling, or null when it cannot be known.
 *
 * With no trusted proxy (TRUSTED_PROXY_COUNT=0) it is the TCP peer, as stamped by the server:
 * X-Forwarded-For is then whatever the client wrote and is ignored. Behind N trusted proxies, each
 * appending the address it was reached from, the client is the Nth entry from the right of
 * X-Forwarded-For; entries further left were written by the client and are ignored. Fewer entries
 * than proxies means the request did not come through them: unknown.
 */
export function clientAddress(headers: Headers, trustedProxyCount: number): string | null {
  if (trustedProxyCount === 0) {
    const peer = headers.get(PEER_ADDRESS_HEADER)?.trim();
    return peer ? bucketOf(peer) : null;
  }
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const client = hops[hops.length - trustedProxyCount];
  return hops.length >= trustedProxyCount && client ? bucketOf(client) : null;
}
