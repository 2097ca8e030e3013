// Where a generic vendor may be called: https, a host the platform allows, and never an address
// inside (loopback, private, link-local, carrier-grade NAT, metadata, multicast, documentation),
// checked on every address DNS gives at the moment of connecting, so a name that resolves inside,
// or starts to (DNS rebinding), is refused.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24],
  ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) INTERNAL.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) INTERNAL.addSubnet(network, prefix, "ipv6");

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (dotted) return dotted;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  const parts = hex ?? sixToFour;
  if (!parts) return null;
  const high = parseInt(parts[1]!, 16);
  const low = parseInt(parts[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** True for an address Herald may call: public unicast. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !INTERNAL.check(address, "ipv4");
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4) return isPublicAddress(v4);
  return !INTERNAL.check(address, "ipv6");
}

/** A host pattern of the platform's allow-list: "api.exacall.example", or "*.exacall.example" for its subdomains. */
export function isAllowedHost(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return allowed.some((pattern) => {
    const p = pattern.trim().toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

/** Why a configured URL may not be called, or null. Checked on save and again before each call. */
export function urlProblem(raw: string, allowedHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "expected an absolute https URL";
  }
  if (url.protocol !== "https:") return "expected an https URL";
  if (url.username || url.password) return "expected no user or password in the URL (use the auth settings)";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return "expected a host name, not an IP address";
  if (!host.includes(".") || /(^|\.)(localhost|local|internal|localdomain)$/i.test(host)) return `expected a public host, not "${host}"`;
  if (!isAllowedHost(host, allowedHosts)) {
    return allowedHosts.length ? `expected a host the platform allows (${allowedHosts.join(", ")}), not "${host}"` : `the platform allows no generic provider hosts yet (GENERIC_HTTP_ALLOWED_HOSTS), so not "${host}"`;
  }
  return null;
}

/**
 * node:net's lookup, refusing when any address DNS returns is internal: the socket connects only to
 * addresses vetted in the same resolution, so there is no gap between the check and the connection.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as LookupAddress[];
    const internal = list.find((a) => !isPublicAddress(a.address));
    if (internal || list.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves to an address inside the platform's network; refused`), { code: "EINTERNALADDRESS" }), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};
