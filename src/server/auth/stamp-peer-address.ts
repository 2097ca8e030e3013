import http from "node:http";
import { PEER_ADDRESS_HEADER } from "@/server/auth/client-address";

const stamped = Symbol.for("herald.peerAddressStamped");

/**
 * Next's route handlers see headers, never the socket: Next copies the peer's address into
 * X-Forwarded-For only when the client sent none, so a client could name any address it liked.
 * This writes the socket's address into PEER_ADDRESS_HEADER of every request the process's HTTP
 * servers receive, before Next reads them, replacing any value a client sent. Called once at
 * start-up (instrumentation.ts); servers created earlier are covered, as the hook is on the prototype.
 */
export function stampPeerAddress(): void {
  const proto = http.Server.prototype as http.Server & { [stamped]?: true };
  if (proto[stamped]) return;
  proto[stamped] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
