export declare const ENTRIES: Record<string, string>;
export declare function buildDist(opts?: { root?: string; quiet?: boolean }): Promise<{ files: number }>;
