export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas?: number[];
}
export interface Share {
  key: string;
  selfMs: number;
  share: number;
}
export function packageOf(url: string, functionName: string): string;
export function summarizeProfile(
  profile: CpuProfile,
  top?: number,
): { totalMs: number; byFunction: Share[]; byPackage: Share[]; byCaller: Share[] };
