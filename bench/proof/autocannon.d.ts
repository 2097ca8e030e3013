// The part of autocannon's API the load suite uses (the package ships no types).
declare module "autocannon" {
  type TRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  type THistogram = { average: number; mean: number; p50: number; p90: number; p99: number; min: number; max: number; total: number };
  export type TResult = { requests: THistogram; latency: THistogram; non2xx: number; errors: number; timeouts: number };
  export type TOptions = {
    url: string;
    method?: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    requests?: { setupRequest?: (request: TRequest) => TRequest }[];
  };
  export default function autocannon(options: TOptions): Promise<TResult>;
}
