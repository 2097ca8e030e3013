// The proof suites' own checks can fail: each is shown a crafted case of what it must catch.
import { describe, expect, it } from "vitest";
import { chaosFaults, DEFAULT_CHAOS } from "../../bench/proof/chaos-faults";
import { problemWith } from "../../bench/proof/fuzz-procedures";
import { regressionIn, timelineOutOfOrder } from "../../bench/proof/settle";

describe("status regressions", () => {
  it("finds a change applied from a status it may not leave, and a final status below one reached", () => {
    expect(regressionIn([{ status: "SENT", previous: null }, { status: "SENT", previous: "DELIVERED" }], "SENT")).toBe("DELIVERED to SENT");
    expect(regressionIn([{ status: "SENT", previous: null }, { status: "DELIVERED", previous: "SENT" }], "SENT")).toBe("reached DELIVERED, now SENT");
  });

  it("takes retries before the provider had the message, and reports in any time order, as no regression", () => {
    const applied = [
      { status: "QUEUED", previous: null },
      { status: "SENDING", previous: null },
      { status: "QUEUED", previous: null },
      { status: "SENDING", previous: null },
      { status: "SENT", previous: null },
      { status: "READ", previous: "DELIVERED" },
      { status: "DELIVERED", previous: "SENT" },
    ] as const;
    expect(regressionIn([...applied], "READ")).toBeNull();
    expect(timelineOutOfOrder([...applied])).toBe(true);
    const inOrder = (["QUEUED", "SENDING", "QUEUED", "SENDING", "SENT", "DELIVERED"] as const).map((status) => ({ status, previous: null }));
    expect(timelineOutOfOrder(inOrder)).toBe(false);
  });

  it("takes a provider's report lifting FAILED outcome_unknown as no regression, and any other move out of FAILED as one", () => {
    const failed = [{ status: "QUEUED", previous: null }, { status: "SENDING", previous: null }, { status: "FAILED", previous: null }] as const;
    const lifted = [...failed, { status: "DELIVERED", previous: "FAILED", lifted: "outcome_unknown" }, { status: "READ", previous: "DELIVERED" }] as const;
    expect(regressionIn([...lifted], "READ")).toBeNull();
    expect(timelineOutOfOrder([...lifted])).toBe(false);
    expect(regressionIn([...failed, { status: "UNDELIVERED", previous: "FAILED", lifted: "outcome_unknown" }], "UNDELIVERED")).toBeNull();
    expect(regressionIn([...failed, { status: "DELIVERED", previous: "FAILED", lifted: "timeout" }], "DELIVERED")).toBe("FAILED to DELIVERED");
    expect(regressionIn([...failed, { status: "DELIVERED", previous: "FAILED" }], "DELIVERED")).toBe("FAILED to DELIVERED");
    expect(regressionIn([...failed], "DELIVERED")).toBe("reached FAILED, now DELIVERED");
    expect(regressionIn([...failed, { status: "DELIVERED", previous: "FAILED", lifted: "outcome_unknown" }, { status: "SENT", previous: "DELIVERED" }], "SENT")).toBe("DELIVERED to SENT");
  });
});

describe("chaos faults", () => {
  it("turns shares of all sends into the simulator's chances, each taken of what the earlier faults left", () => {
    const [send] = chaosFaults(DEFAULT_CHAOS);
    const timeout = send!.timeoutRate!;
    const drop = send!.dropRate!;
    const limit = send!.rateLimit!.rate;
    const error = send!.errors![0]!.rate;
    let left = 1;
    const shares = [timeout, drop, limit, error].map((chance) => {
      const share = left * chance;
      left -= share;
      return Number(share.toFixed(6));
    });
    expect(shares).toEqual([0.05, 0.02, 0.05, 0.2]);
  });
});

describe("fuzz answers", () => {
  const other = { labId: "lab-b", ids: ["lab-b", "contact-b"], markers: ["LeakMark"] };
  it("flags a 5xx, an internal error, another lab's data or id, and a refused call that wrote", () => {
    expect(problemWith({ status: 502, body: "" }, {}, other, [])).toBe("HTTP 502");
    expect(problemWith({ status: 400, body: '{"code":"INTERNAL_SERVER_ERROR"}' }, {}, other, [])).toBe("INTERNAL_SERVER_ERROR");
    expect(problemWith({ status: 200, body: "LeakMark Patient" }, {}, other, [])).toMatch(/another lab's data/);
    expect(problemWith({ status: 200, body: '{"id":"contact-b"}' }, { labId: "lab-a" }, other, [])).toMatch(/another lab's id/);
    expect(problemWith({ status: 403, body: "" }, {}, other, ["Contact"])).toBe("refused, yet wrote to Contact");
  });

  it("lets an answer echo an id the caller sent, and an accepted call write", () => {
    expect(problemWith({ status: 404, body: "lab lab-b not found" }, { labId: "lab-b" }, other, [])).toBeNull();
    expect(problemWith({ status: 200, body: "{}" }, {}, other, ["Contact"])).toBeNull();
  });
});
