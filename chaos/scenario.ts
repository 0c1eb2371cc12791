/** One fault-injection scenario of `npm run chaos`; every count but latency must be 0. */
export interface ScenarioResult {
  name: string;
  trials: number;
  lost: number;
  duplicated: number;
  lostClicks: number;
  stuck: number;
  healthP99Ms: number | null;
  notes?: string;
}

export interface ScenarioOptions {
  trials: number;
  seed: number;
  workDir: string;
  log: (line: string) => void;
}

export interface Scenario {
  name: string;
  run(o: ScenarioOptions): Promise<ScenarioResult>;
}
